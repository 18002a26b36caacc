package org.certhub.platform;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who the hub is to the outside world ({@code certhub.zone}, {@code certhub.public-base-url}).
 *
 * @param zone          the issuing authority's time zone: dates on certificates, and every day the hub counts, are
 *                      dates in this zone
 * @param publicBaseUrl the hub's address as citizens and relying parties reach it: the verification URL in QR codes
 *                      and the demo PKI's CRL are under it; by default http://localhost with the port of server.port
 */
@ConfigurationProperties("certhub")
@Validated
public record HubSettings(
        @NotNull @DefaultValue("Asia/Shanghai") ZoneId zone,
        @NotBlank String publicBaseUrl) {

    public HubSettings {
        if (publicBaseUrl != null && publicBaseUrl.endsWith("/")) {
            publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
        }
    }
}
