package io.cascadelab.loadtests;

import static io.cascadelab.loadtests.CustomerOutcome.CONNECTION_ERROR;
import static io.cascadelab.loadtests.CustomerOutcome.ERROR;
import static io.cascadelab.loadtests.CustomerOutcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerOutcomeTest {

    /** The same boundaries as CustomerLoad: < 400 success, >= 500 connection_error, the rest error. */
    @ParameterizedTest
    @CsvSource({
            "200, success", "204, success", "301, success", "399, success",
            "400, error", "404, error", "429, error", "499, error",
            "500, connection_error", "502, connection_error", "503, connection_error", "599, connection_error"})
    void statusesAreClassifiedLikeTheBuiltInCustomers(int status, String outcome) {
        assertThat(CustomerOutcome.ofStatus(status).label()).isEqualTo(outcome);
        assertThat(CustomerOutcome.of(true, status).label()).isEqualTo(outcome);
    }

    @Test
    void noResponseOrNoAddressIsAConnectionError() {
        assertThat(CustomerOutcome.ofStatus(null)).isEqualTo(CONNECTION_ERROR);
        assertThat(CustomerOutcome.of(true, null)).isEqualTo(CONNECTION_ERROR);
        assertThat(CustomerOutcome.of(false, null)).isEqualTo(CONNECTION_ERROR);
        assertThat(CONNECTION_ERROR).hasToString("connection_error");
    }

    @Test
    void countsSumUpPerOutcome() {
        CustomerOutcome.Counts counts = new CustomerOutcome.Counts();
        assertThat(counts.successPercent()).isEqualTo(100);
        for (int i = 0; i < 6; i++) {
            counts.record(SUCCESS);
        }
        counts.record(ERROR);
        counts.record(CONNECTION_ERROR);

        assertThat(counts.total()).isEqualTo(8);
        assertThat(counts.get(SUCCESS)).isEqualTo(6);
        assertThat(counts.successPercent()).isEqualTo(75);
        assertThat(counts.summary("nlb"))
                .isEqualTo("nlb requests=8 success=6 error=1 connection_error=1 (75.0% success)");
    }
}
