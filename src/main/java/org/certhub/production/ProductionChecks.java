package org.certhub.production;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.SignatureLevel;
import org.certhub.intake.UpstreamDatabases;
import org.certhub.intake.rest.SourceCredentials;
import org.certhub.platform.PlatformReadiness;
import org.certhub.reload.RouteReloader;
import org.certhub.sealing.ltv.TimestampSettings;
import org.certhub.seals.Seals;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Everything that keeps a hub from production mode, read from its settings and files before it starts: passwords,
 * the public base URL, REST secrets, seals, timestamps and upstream databases.
 */
public final class ProductionChecks {

    private ProductionChecks() {}

    /** The problems, in the order an operator fixes them; empty when the hub may start in production mode. */
    public static List<String> problems(Environment environment) {
        var problems = new ArrayList<String>(PlatformReadiness.productionProblems(environment));
        problems.addAll(SourceCredentials.productionProblems(environment));
        Catalogue catalogue = null;
        Path catalogueDir = Catalogue.directory(environment);
        try {
            catalogue = Catalogue.load(catalogueDir);
        } catch (RuntimeException e) {
            problems.add("the catalogue in " + catalogueDir + " cannot be read: " + e.getMessage());
        }
        var typeSeals = new TreeMap<String, String>();
        var timestamped = new TreeSet<String>();
        if (catalogue != null) {
            for (CertificateType type : catalogue.types()) {
                typeSeals.put(type.code(), type.sealing().seal());
                if (type.sealing().level() != SignatureLevel.B_B) {
                    timestamped.add(type.code() + " (" + type.sealing().level() + ")");
                }
            }
        }
        problems.addAll(Seals.productionProblems(environment, typeSeals));
        TimestampSettings tsa = Binder.get(environment).bindOrCreate("certhub.signing.tsa", TimestampSettings.class);
        if (tsa.demo() && !timestamped.isEmpty()) {
            problems.add("no TSA is configured for the types sealed above B-B " + timestamped
                    + ", so their timestamps would come from the demo TSA (set CERTHUB_SIGNING_TSA_URL and "
                    + "CERTHUB_SIGNING_TSA_TRUST_ANCHORS)");
        } else if (!tsa.demo()) {
            problems.addAll(tsa.productionProblems());
        }
        problems.addAll(UpstreamDatabases.productionProblems(environment, RouteReloader.routeFiles(environment)));
        return problems;
    }

    /** The one paragraph the hub ends its start with. */
    public static String paragraph(List<String> problems) {
        var text = new StringBuilder("certhub.mode is production, and the hub will not start while ");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) {
                text.append(i == problems.size() - 1 ? "; and " : "; ");
            }
            text.append('(').append(i + 1).append(") ").append(problems.get(i));
        }
        return text.append('.').toString();
    }
}
