package dev.lantern.agent.api.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GenAiHelpersTest {

  @Test
  void providerFromOpenAiCompatibleBaseUrl() {
    assertEquals("openai", GenAiProviders.fromOpenAiBaseUrl("https://api.openai.com/v1"));
    assertEquals("azure.ai.openai", GenAiProviders.fromOpenAiBaseUrl("https://my.openai.azure.com/openai"));
    assertEquals("127.0.0.1", GenAiProviders.fromOpenAiBaseUrl("http://127.0.0.1:8089/v1"));
    assertEquals("vllm.internal", GenAiProviders.fromOpenAiBaseUrl("http://VLLM.internal:8000/v1"));
    assertEquals("::1", GenAiProviders.fromOpenAiBaseUrl("http://[::1]:11434/v1"));
    assertEquals("openai", GenAiProviders.fromOpenAiBaseUrl("not a url"));
    assertEquals("openai", GenAiProviders.fromOpenAiBaseUrl(null));
    assertEquals(443, GenAiProviders.port("https://api.openai.com/v1"));
    assertEquals(8089, GenAiProviders.port("http://127.0.0.1:8089/v1"));
  }

  @Test
  void modelLabelsAreCapped() {
    ModelNames names = new ModelNames(2);
    assertEquals("a", names.label("a"));
    assertEquals("b", names.label("b"));
    assertEquals("_other", names.label("c"));
    assertEquals("a", names.label("a"));
    assertEquals("", names.label(null));
    String longName = "m".repeat(300);
    assertEquals("_other", names.label(longName));
    assertEquals(128, new ModelNames(5).label(longName).length());
  }

  @Test
  void messagesAreValidJsonAndCutToTheBudget() {
    String json = new GenAiMessages(10).add("system", "say \"hi\"\n").add("user", "0123456789abc").toJson();
    assertEquals(
        "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"say \\\"hi\\\"\\n\"}]},"
            + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"0…\"}]}]",
        json);
    assertEquals("[]", new GenAiMessages(10).add("user", null).toJson());
    assertTrue(new GenAiMessages(10).add("assistant", "ok", "stop").toJson().endsWith("\"finish_reason\":\"stop\"}]"));
  }

  private static final class Recorder implements StreamObserver<String> {
    final List<String> chunks = new ArrayList<>();
    final List<Throwable> ends = new ArrayList<>();
    int endCount;

    @Override
    public void onChunk(String chunk) {
      chunks.add(chunk);
    }

    @Override
    public void onEnd(Throwable error) {
      endCount++;
      ends.add(error);
    }
  }

  @Test
  void observedStreamSeesEveryItemAndTheEnd() {
    Recorder recorder = new Recorder();
    List<String> out = ObservedStream.wrap(Stream.of("a", "b", "c"), recorder).collect(Collectors.toList());
    assertEquals(Arrays.asList("a", "b", "c"), out);
    assertEquals(out, recorder.chunks);
    assertEquals(1, recorder.endCount);
    assertEquals(null, recorder.ends.get(0));
  }

  @Test
  void observedStreamReportsTheSourceFailureAndRethrowsIt() {
    Recorder recorder = new Recorder();
    IllegalStateException broken = new IllegalStateException("connection reset");
    Iterator<String> source =
        new Iterator<String>() {
          int n;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public String next() {
            if (n++ == 2) {
              throw broken;
            }
            return "x" + n;
          }
        };
    Stream<String> stream =
        java.util.stream.StreamSupport.stream(
            java.util.Spliterators.spliteratorUnknownSize(source, 0), false);
    List<String> seen = new ArrayList<>();
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> ObservedStream.wrap(stream, recorder).forEach(seen::add));
    assertEquals(broken, thrown);
    assertEquals(Arrays.asList("x1", "x2"), seen);
    assertEquals(Arrays.<Throwable>asList(broken), recorder.ends);
  }

  @Test
  void theApplicationsOwnExceptionIsNotTheStreamsFailure() {
    Recorder recorder = new Recorder();
    RuntimeException mine = new RuntimeException("app");
    assertThrows(
        RuntimeException.class,
        () ->
            ObservedStream.wrap(Stream.of("a", "b"), recorder)
                .forEach(
                    s -> {
                      throw mine;
                    }));
    assertEquals(0, recorder.endCount);
    assertEquals(Arrays.asList("a"), recorder.chunks);
  }

  @Test
  void observedStreamClosesTheSource() {
    boolean[] closed = {false};
    Stream<String> source = Stream.of("a").onClose(() -> closed[0] = true);
    ObservedStream.wrap(source, new Recorder()).close();
    assertTrue(closed[0]);
  }

  interface Greeter {
    String greet(String name);

    default String greetTwice(String name) {
      return greet(name) + greet(name);
    }

    void close();
  }

  @Test
  void proxyForwardsAndInterceptsAndRunsDefaultsOnTheProxy() {
    List<String> closes = new ArrayList<>();
    Greeter real =
        new Greeter() {
          @Override
          public String greet(String name) {
            return "hi " + name + ";";
          }

          @Override
          public void close() {
            closes.add("real");
          }
        };
    Greeter proxy =
        GenAiProxies.create(
            Greeter.class,
            real,
            (p, method, args) -> {
              if (method.getName().equals("greet")) {
                return "HI " + args[0] + ";";
              }
              return GenAiProxies.FORWARD;
            });
    assertEquals("HI x;HI x;", proxy.greetTwice("x"));
    proxy.close();
    assertEquals(Arrays.asList("real"), closes);
    assertTrue(proxy.equals(proxy));
  }

  @Test
  void proxyRethrowsTheDelegatesException() {
    Greeter failing =
        new Greeter() {
          @Override
          public String greet(String name) {
            throw new IllegalArgumentException("no");
          }

          @Override
          public void close() {}
        };
    Greeter proxy = GenAiProxies.create(Greeter.class, failing, (p, m, a) -> GenAiProxies.FORWARD);
    assertThrows(IllegalArgumentException.class, () -> proxy.greet("x"));
  }
}
