package org.certhub.sealing.ltv;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what the hub fetches because a certificate names it ({@code certhub.signing.fetch.*}): the CRL of a
 * certificate's CRL distribution point. The URL comes from outside (a CA, or whoever answered in the TSA's place), so
 * it may point anywhere: these limits keep such a fetch from reaching the hub's own network or tying it up.
 *
 * @param timeout         the whole fetch, redirects and body included
 * @param connectTimeout  one connection
 * @param maxSize         a larger answer is refused (by its Content-Length, or once that much was read)
 * @param maxRedirects    redirects followed, each to the same host only
 * @param allowedNetworks networks in CIDR form ({@code 10.20.0.0/16}, {@code fd00::/8}, {@code 127.0.0.1/32}) a URL
 *                        may reach although they are loopback, link-local or private; every other such address is
 *                        refused. In demo mode the loopback networks are allowed besides (the demo PKI's CRL is on
 *                        this machine)
 */
@ConfigurationProperties("certhub.signing.fetch")
@Validated
public record FetchSettings(
        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT10S")
        Duration timeout,

        @NotNull @DurationMin(inclusive = false) @DefaultValue("PT5S")
        Duration connectTimeout,

        @NotNull @DefaultValue("10MB") DataSize maxSize,
        @Min(0) @Max(10) @DefaultValue("3") int maxRedirects,
        @NotNull @DefaultValue List<String> allowedNetworks) {}
