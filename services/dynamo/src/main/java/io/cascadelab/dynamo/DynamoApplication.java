package io.cascadelab.dynamo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A DynamoDB-compatible key-value service on PostgreSQL, run as load-balancer nodes found only through DNS. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DynamoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DynamoApplication.class, args);
    }
}
