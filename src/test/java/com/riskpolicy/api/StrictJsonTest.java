package com.riskpolicy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.riskpolicy.api.ApiRequests.CreateAccount;
import com.riskpolicy.api.ApiRequests.Deposit;
import com.riskpolicy.api.ApiRequests.PlaceOrder;
import com.riskpolicy.api.ApiRequests.SetMarginMode;
import com.riskpolicy.api.ApiRequests.ValidateRules;
import com.riskpolicy.domain.MarginMode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How request bodies are read (docs/api.md "Errors"), on Jackson alone. */
class StrictJsonTest {

    /** As Quarkus configures the application's mapper: unknown fields are ignored. */
    private final ObjectMapper application = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectMapper strict = StrictJson.strict(application);

    private Deposit deposit(String amountJson) throws JsonProcessingException {
        return strict.readValue("{\"currency\":\"USDT\",\"amount\":" + amountJson + "}", Deposit.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"20000.5\"", "\"10\"", "\"-1\"", "\"007\"", "\"0.000000000000000001\"", "20000.5", "10", "-0.5"})
    void a_decimal_in_plain_notation_is_read_as_a_string_or_a_number(String amount) throws JsonProcessingException {
        assertEquals(0, new BigDecimal(amount.replace("\"", "")).compareTo(deposit(amount).amount()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"1e2\"", "\"1E2\"", "\"+100\"", "\" 100 \"", "\"100 \"", "\"100.\"", "\".5\"", "\"\"",
        "\"1,5\"", "\"0x1A\"", "\"\uFF11\uFF10\uFF10\"", "\"NaN\"", "\"Infinity\"", "\"-\"", "\"--1\"", "\"1.2.3\"",
        "1e2", "1E-8", "1.5e3", "true", "[1]", "{\"value\":1}"})
    void anything_else_is_refused_naming_the_field(String amount) {
        StrictJson.RefusedValueException refused = assertThrows(StrictJson.RefusedValueException.class, () -> deposit(amount));
        assertEquals("amount", refused.getPath().get(0).getFieldName());
        assertEquals(StrictJson.PlainDecimal.MESSAGE, refused.fieldMessage());
    }

    @Test
    void a_decimal_too_long_for_any_limit_is_refused_before_it_is_parsed() {
        StrictJson.RefusedValueException refused = assertThrows(StrictJson.RefusedValueException.class,
                () -> deposit("\"" + "1".repeat(101) + "\""));
        assertTrue(refused.fieldMessage().contains("at most 30 integer"), refused.fieldMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "0", "\"1\"", "\"isolated\"", "\" ISOLATED\"", "\"ISOLATED \"", "\"ISOLATED\\u0000\"",
        "\"\"", "true", "[\"ISOLATED\"]", "null"})
    void an_enum_is_read_by_its_exact_name_only(String mode) {
        StrictJson.RefusedValueException refused = assertThrows(StrictJson.RefusedValueException.class,
                () -> strict.readValue("{\"mode\":" + mode + "}", SetMarginMode.class));
        assertEquals("mode", refused.getPath().get(0).getFieldName());
    }

    @Test
    void an_enum_by_its_name_is_read() throws JsonProcessingException {
        assertEquals(MarginMode.ISOLATED, strict.readValue("{\"mode\":\"ISOLATED\"}", SetMarginMode.class).mode());
    }

    @Test
    void an_optional_decimal_left_out_is_absent_but_null_or_blank_is_refused() throws JsonProcessingException {
        String order = "{\"symbol\":\"BTCUSDT\",\"side\":\"BUY\",\"quantity\":\"1\",\"price\":\"1\"";
        assertNull(strict.readValue(order + "}", PlainOrder.class).leverage());
        for (String leverage : List.of("null", "\"\"", "\" \"")) {
            JsonMappingException refused = assertThrows(StrictJson.RefusedValueException.class,
                    () -> strict.readValue(order + ",\"leverage\":" + leverage + "}", PlaceOrder.class));
            assertEquals("leverage", refused.getPath().get(0).getFieldName());
        }
    }

    /** The order record, read without validation: only the reading is under test here. */
    private record PlainOrder(String symbol, String side, BigDecimal quantity, BigDecimal price, BigDecimal leverage) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"12345", "true", "1.5"})
    void an_identifier_given_as_a_number_or_a_boolean_is_refused(String accountId) {
        MismatchedInputException refused = assertThrows(MismatchedInputException.class,
                () -> strict.readValue("{\"accountId\":" + accountId + "}", CreateAccount.class));
        assertEquals("accountId", refused.getPath().get(0).getFieldName());
        assertEquals(String.class, refused.getTargetType());
    }

    @Test
    void flags_and_counts_are_not_coerced_from_strings_or_numbers() {
        assertThrows(MismatchedInputException.class,
                () -> strict.readValue("{\"files\":{},\"replace\":\"true\"}", ValidateRules.class));
        assertThrows(MismatchedInputException.class,
                () -> strict.readValue("{\"files\":{},\"replace\":1}", ValidateRules.class));
        assertThrows(MismatchedInputException.class,
                () -> strict.readValue("{\"files\":{},\"last\":\"100\"}", RuleImpactResource.ImpactRequest.class));
        assertThrows(MismatchedInputException.class,
                () -> strict.readValue("{\"files\":{},\"last\":1.5}", RuleImpactResource.ImpactRequest.class));
    }

    @Test
    void a_key_given_twice_is_refused_even_deep_inside() {
        JsonProcessingException top = assertThrows(JsonProcessingException.class,
                () -> strict.readValue("{\"currency\":\"USDT\",\"amount\":\"1\",\"amount\":\"2\"}", Deposit.class));
        assertTrue(top.getOriginalMessage().startsWith("Duplicate field 'amount'"), top.getOriginalMessage());
        JsonProcessingException nested = assertThrows(JsonProcessingException.class,
                () -> strict.readValue("{\"accountId\":\"a\",\"balances\":{\"USDT\":\"1\",\"USDT\":\"2\"}}", CreateAccount.class));
        assertTrue(nested.getOriginalMessage().startsWith("Duplicate field 'USDT'"), nested.getOriginalMessage());
    }

    @Test
    void nothing_may_follow_the_body() {
        assertThrows(MismatchedInputException.class,
                () -> strict.readValue("{\"currency\":\"USDT\",\"amount\":\"1\"} {\"amount\":\"999\"}", Deposit.class));
    }

    @Test
    void the_applications_mapper_is_left_as_it_was() throws JsonProcessingException {
        // it reads JSON the service stored itself, where Jackson wrote 0.00000001 as 1E-8
        assertEquals(0, new BigDecimal("0.00000001").compareTo(application.readValue("1E-8", BigDecimal.class)));
    }

    @Test
    void responses_are_written_as_the_applications_mapper_writes_them() throws JsonProcessingException {
        ObjectMapper configured = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        Object sample = Map.of("problem", new Problem("about:blank", "Bad Request", 400, "d",
                        List.of(new Problem.FieldError("amount", "m")), null),
                "amount", new BigDecimal("1E-8"), "mode", MarginMode.ISOLATED, "none", List.of());
        assertEquals(configured.writeValueAsString(sample), StrictJson.strict(configured).writeValueAsString(sample));
    }
}
