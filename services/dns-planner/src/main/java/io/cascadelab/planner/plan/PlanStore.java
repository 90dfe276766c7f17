package io.cascadelab.planner.plan;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plan store, in PostgreSQL so plans and the generation counter survive planner restarts. Enactors
 * read and delete plans through the planner's HTTP API; nothing here knows who applies a plan.
 */
public final class PlanStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    public PlanStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        jdbc.sql("CREATE SEQUENCE IF NOT EXISTS dns_plan_generation").update();
        jdbc.sql("""
                CREATE TABLE IF NOT EXISTS dns_plan (
                    generation BIGINT PRIMARY KEY,
                    created_at TIMESTAMPTZ NOT NULL,
                    endpoints  INT NOT NULL,
                    body       TEXT NOT NULL)""").update();
    }

    /** The next generation; a sequence, so never reused even after every plan is deleted or the planner restarts. */
    public long nextGeneration() {
        return jdbc.sql("SELECT nextval('dns_plan_generation')").query(Long.class).single();
    }

    public void save(Plan plan) {
        transactions.executeWithoutResult(status -> jdbc.sql(
                        "INSERT INTO dns_plan (generation, created_at, endpoints, body) VALUES (?, ?, ?, ?)")
                .params(plan.generation(), Timestamp.from(plan.createdAt()), plan.endpoints().size(),
                        json.writeValueAsString(plan))
                .update());
    }

    public Optional<String> newestJson() {
        return jdbc.sql("SELECT body FROM dns_plan ORDER BY generation DESC LIMIT 1").query(String.class).optional();
    }

    public Optional<String> json(long generation) {
        return jdbc.sql("SELECT body FROM dns_plan WHERE generation = ?").param(generation).query(String.class)
                .optional();
    }

    /** Oldest first. */
    public List<Plan.Summary> list() {
        return jdbc.sql("SELECT generation, created_at, endpoints FROM dns_plan ORDER BY generation")
                .query((rs, row) -> new Plan.Summary(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getInt(3)))
                .list();
    }

    public boolean delete(long generation) {
        return jdbc.sql("DELETE FROM dns_plan WHERE generation = ?").param(generation).update() > 0;
    }

    public long newestGeneration() {
        return jdbc.sql("SELECT COALESCE(MAX(generation), 0) FROM dns_plan").query(Long.class).single();
    }
}
