package dev.contentpay.auth.pages;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser reduced to what the page tests need: a cookie jar, forms posted back with the
 * {@code Sec-Fetch-Site} a browser would send, and no redirect followed (the tests look at them).
 */
final class PageClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final URI base;
    final Map<String, String> cookies = new LinkedHashMap<>();
    HttpResponse<String> last;

    PageClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    /** Posts a form as a page of auth's own would (Sec-Fetch-Site: same-origin). */
    HttpResponse<String> post(String path, Map<String, String> form) {
        return post(path, form, "same-origin");
    }

    HttpResponse<String> post(String path, Map<String, String> form, String fetchSite) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var builder = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded");
        return send(builder, "Sec-Fetch-Site", fetchSite);
    }

    /** The value of a named field in the last page. */
    String field(String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(last.body());
        if (!m.find()) throw new AssertionError("no field " + name + " in the page:\n" + last.body());
        return m.group(1);
    }

    List<String> setCookies() {
        return last.headers().allValues("Set-Cookie");
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        try {
            last = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String cookie : last.headers().allValues("Set-Cookie")) {
            String pair = cookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || cookie.contains("Max-Age=0")) cookies.remove(name); else cookies.put(name, value);
        }
        return last;
    }
}
