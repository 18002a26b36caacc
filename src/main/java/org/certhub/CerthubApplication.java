package org.certhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CerthubApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            org.certhub.bench.BenchCommand.run(args, CerthubApplication.class);
            return;
        }
        if (args.length > 0 && args[0].equals("broker")) {
            org.certhub.broker.BrokerCommand.run(args);
            return;
        }
        SpringApplication.run(CerthubApplication.class, args);
    }
}
