package org.certhub.sealing.ltv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches what a certificate names (its CRL distribution point) within {@link FetchSettings}: {@code http} or
 * {@code https} only; every address the host resolves to must be public or in an allowed network, checked before
 * each request, redirects included (the HTTP client's own lookup a moment later is answered from the JVM's DNS cache,
 * so a name cannot switch to an internal address in between); redirects only to the same host and port (or from
 * {@code http} to {@code https} on the same host), at most {@code maxRedirects}; at most {@code maxSize} bytes; all
 * of it within {@code timeout}. Thread-safe.
 */
public final class LinkFetcher {

    /** The networks on this machine; allowed in demo mode, where the demo PKI's CRL is served by the hub itself. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    private final FetchSettings settings;
    private final List<Network> allowed;
    private final HttpClient http;

    /**
     * @param alsoAllowed networks allowed besides {@code settings.allowedNetworks()} (the loopback networks in demo
     *                    mode)
     * @throws IllegalArgumentException naming a network that is not an address or CIDR block
     */
    public LinkFetcher(FetchSettings settings, List<String> alsoAllowed) {
        this.settings = settings;
        var networks = new ArrayList<Network>();
        for (String network : settings.allowedNetworks()) {
            networks.add(Network.parse(network));
        }
        for (String network : alsoAllowed) {
            networks.add(Network.parse(network));
        }
        this.allowed = List.copyOf(networks);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The body of a {@code 200} answer to GET {@code url}.
     *
     * @throws FetchRefusedException when the limits do not allow the URL, a redirect or the answer
     * @throws IOException           when the server cannot be reached, answers otherwise or not in time (worth
     *                               trying again later)
     */
    public byte[] fetch(String url) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        URI first = uri(url);
        URI uri = first;
        for (int redirects = 0; ; redirects++) {
            checkAddresses(uri);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("no answer from " + url + " within " + settings.timeout());
            }
            HttpResponse<byte[]> response = send(uri, Duration.ofNanos(left));
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers()
                        .firstValue("Location")
                        .orElseThrow(() -> new IOException("HTTP " + status + " without a Location"));
                URI next = uri(uri.resolve(location).toString());
                if (!sameHost(uri, next)) {
                    throw new FetchRefusedException(
                            url + " redirects to another host (" + next.getHost() + portOf(next) + "); not followed");
                }
                if (redirects >= settings.maxRedirects()) {
                    throw new FetchRefusedException(
                            url + " redirects more than " + settings.maxRedirects() + " times; not followed");
                }
                uri = next;
                continue;
            }
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            return response.body();
        }
    }

    private HttpResponse<byte[]> send(URI uri, Duration left) throws IOException, InterruptedException {
        long max = settings.maxSize().toBytes();
        HttpResponse.BodyHandler<byte[]> capped = info -> {
            OptionalLong length = info.headers().firstValueAsLong("Content-Length");
            return new CappedBody(max, uri, length.isPresent() && length.getAsLong() > max);
        };
        CompletableFuture<HttpResponse<byte[]>> answer =
                http.sendAsync(HttpRequest.newBuilder(uri).timeout(left).GET().build(), capped);
        try {
            // the request timeout ends at the headers; this bounds the body too
            return answer.get(left.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException("no whole answer from " + uri + " within " + settings.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof FetchRefusedException refused) {
                throw refused;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
        }
    }

    /** Refuses a host any of whose addresses is internal and not in an allowed network. */
    private void checkAddresses(URI uri) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            String kind = internal(address);
            if (kind != null && allowed.stream().noneMatch(n -> n.contains(address))) {
                throw new FetchRefusedException(uri + ": " + uri.getHost() + " is " + address.getHostAddress() + ", a "
                        + kind + " address; not fetched (if it is meant, add its network to "
                        + "certhub.signing.fetch.allowed-networks)");
            }
        }
    }

    /** What kind of internal address this is, or null for a public one. */
    static String internal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && bytes[0] == 0)) {
            return "wildcard";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address.isSiteLocalAddress() || (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc)) {
            return "private";
        }
        if (address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
            return "shared (carrier-grade NAT)";
        }
        return null;
    }

    private static URI uri(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new FetchRefusedException(url + ": only http and https URLs are fetched");
            }
            if (uri.getHost() == null) {
                throw new FetchRefusedException(url + ": no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FetchRefusedException(url + " is not a URL: " + e.getMessage());
        }
    }

    /** The same host and port, or an upgrade from http to https on the same host with the default ports. */
    private static boolean sameHost(URI from, URI to) {
        if (!from.getHost().equalsIgnoreCase(to.getHost())) {
            return false;
        }
        if (port(from) == port(to)) {
            return true;
        }
        return from.getScheme().equalsIgnoreCase("http")
                && to.getScheme().equalsIgnoreCase("https")
                && from.getPort() == -1
                && to.getPort() == -1;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String portOf(URI uri) {
        return uri.getPort() == -1 ? "" : ":" + uri.getPort();
    }

    /** An address block, {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
    record Network(byte[] address, int prefix) {

        static Network parse(String text) {
            String value = text.strip();
            int slash = value.indexOf('/');
            String host = slash < 0 ? value : value.substring(0, slash);
            if (!host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("certhub.signing.fetch.allowed-networks: '" + text
                        + "' is not an IP address or CIDR block (names are not allowed: give the address)");
            }
            try {
                byte[] address = InetAddress.getByName(host).getAddress();
                int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(value.substring(slash + 1));
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("certhub.signing.fetch.allowed-networks: '" + text
                            + "' has a prefix length outside 0.." + address.length * 8);
                }
                return new Network(address, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "certhub.signing.fetch.allowed-networks: '" + text + "' is not an IP address or CIDR block", e);
            }
        }

        boolean contains(InetAddress candidate) {
            byte[] other = candidate.getAddress();
            if (other.length != address.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((address[i] & mask) != (other[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Collects the body up to {@code max} bytes; beyond, it stops reading and refuses the answer. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final long max;
        private final URI uri;
        private final boolean declaredTooLarge;
        private Flow.Subscription subscription;

        CappedBody(long max, URI uri, boolean declaredTooLarge) {
            this.max = max;
            this.uri = uri;
            this.declaredTooLarge = declaredTooLarge;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declaredTooLarge) {
                refuse();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (out.size() + (long) buffer.remaining() > max) {
                    refuse();
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.write(bytes, 0, bytes.length);
            }
        }

        private void refuse() {
            subscription.cancel();
            body.completeExceptionally(new FetchRefusedException(
                    uri + " answers more than " + max + " bytes (certhub.signing.fetch.max-size); not taken"));
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }
}
