package com.riskpolicy.api;

import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.PositionSide;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Request bodies, validated before anything is read or written. {@link StrictJson} reads them:
 * decimals are strings or numbers in plain notation, and an optional field (a leverage, a currency)
 * is left out to get its default, never given as null.
 */
public final class ApiRequests {

    static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";
    static final String ID_MESSAGE = "must be 1 to 64 letters, digits, '.', '_' or '-'";
    static final String RULE_FILE_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,199}\\.(drl|csv)|examples/[A-Za-z0-9][A-Za-z0-9._-]{0,190}\\.csv";
    static final String RULE_FILE_MESSAGE = "must be a plain .drl or .csv file name, or examples/ and a plain .csv file name";
    /** The longest reason a change of the rules may be given (a proposal, a rejection, a reload), in characters. */
    public static final int MAX_REASON = 2000;

    private ApiRequests() {
    }

    public record CreateAccount(
            @NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountId,
            Map<@NotBlank String, @NotNull @PositiveOrZero @Digits(integer = 30, fraction = 8) BigDecimal> balances) {
    }

    public record Deposit(@NotBlank String currency, @Amount BigDecimal amount) {
    }

    public record SetMarginMode(@NotNull MarginMode mode) {
    }

    public record SetLeverage(@NotNull @DecimalMin("1") @Decimal BigDecimal leverage) {
    }

    public record PlaceOrder(
            @NotBlank String symbol,
            @NotNull OrderSide side,
            @NotNull @Positive @Decimal BigDecimal quantity,
            @NotNull @Price BigDecimal price,
            @DecimalMin("1") @Decimal BigDecimal leverage) {
    }

    public record OpenPosition(
            @NotBlank String symbol,
            @NotNull PositionSide side,
            @NotNull @Positive @Decimal BigDecimal quantity,
            @NotNull @Price BigDecimal price,
            @DecimalMin("1") @Decimal BigDecimal leverage) {
    }

    /** Whether margin moves into the isolated position or out of it. */
    public enum MarginTransferType {
        ADD(Action.ADD_MARGIN),
        REMOVE(Action.REMOVE_MARGIN);

        private final Action action;

        MarginTransferType(Action action) {
            this.action = action;
        }

        public Action action() {
            return action;
        }

        static MarginTransferType of(Action action) {
            return Arrays.stream(values()).filter(type -> type.action == action).findFirst().orElseThrow();
        }
    }

    /** {@code currency} defaults to the contract's settlement currency. */
    public record AdjustMargin(@NotNull MarginTransferType type, @Amount BigDecimal amount, String currency) {
    }

    /** Candidate rule files by name; with {@code replace} they are the whole rule set, else they replace the active one's files of those names. */
    public record ValidateRules(@NotNull Map<@NotBlank @jakarta.validation.constraints.Pattern(regexp = RULE_FILE_NAME,
            message = RULE_FILE_MESSAGE) String, String> files, Boolean replace) {
    }

    /** A proposed change: files written (by name) and files removed from the active rule set, and why. */
    public record ProposeRules(
            @NotNull Map<@NotBlank @jakarta.validation.constraints.Pattern(regexp = RULE_FILE_NAME, message = RULE_FILE_MESSAGE) String,
                    @NotNull String> files,
            List<@NotBlank @jakarta.validation.constraints.Pattern(regexp = RULE_FILE_NAME, message = RULE_FILE_MESSAGE) String> deleted,
            @NotBlank @jakarta.validation.constraints.Size(max = MAX_REASON) String reason) {
    }

    /** Why a proposal is rejected. */
    public record RejectProposal(@NotBlank @jakarta.validation.constraints.Size(max = MAX_REASON) String reason) {
    }

    public record Rollback(@NotBlank @jakarta.validation.constraints.Pattern(regexp = "sha256:[0-9a-f]{64}",
            message = "must be a revision: sha256: and 64 hex digits") String revision) {
    }

    public record FundTransfer(@Amount BigDecimal amount) {
    }

    public record SetMarkPrice(@NotNull @Price BigDecimal price) {
    }

    // Checks: the action's body plus the account and the symbol.

    public record CheckSwitchMarginMode(
            @NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountId,
            @NotBlank String symbol,
            @NotNull MarginMode mode) {
    }

    public record CheckOpenPosition(
            @NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountId,
            @NotBlank String symbol,
            @NotNull PositionSide side,
            @NotNull @Positive @Decimal BigDecimal quantity,
            @NotNull @Price BigDecimal price,
            @DecimalMin("1") @Decimal BigDecimal leverage) {
    }

    public record CheckPlaceOrder(
            @NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountId,
            @NotBlank String symbol,
            @NotNull OrderSide side,
            @NotNull @Positive @Decimal BigDecimal quantity,
            @NotNull @Price BigDecimal price,
            @DecimalMin("1") @Decimal BigDecimal leverage) {
    }

    public record CheckAdjustLeverage(
            @NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountId,
            @NotBlank String symbol,
            @NotNull @DecimalMin("1") @Decimal BigDecimal leverage) {
    }

    /** {@code type} may be left out; given, it must be the check's own (ADD on add-margin). */
    public record CheckAdjustMargin(
            @NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountId,
            @NotBlank String symbol,
            MarginTransferType type,
            @Amount BigDecimal amount,
            String currency) {
    }

    // Stateless decisions: the caller sends every fact.

    public record StatelessDecision(@NotNull Action action, @NotNull @Valid Params params, @NotNull @Valid Facts facts) {
    }

    /** The action's parameters; which are required depends on the action. */
    public record Params(
            @NotBlank String symbol,
            MarginMode mode,
            String side,
            @Positive @Decimal BigDecimal quantity,
            @Price BigDecimal price,
            @DecimalMin("1") @Decimal BigDecimal leverage,
            @Positive @Digits(integer = 30, fraction = 8) BigDecimal amount,
            String currency) {
    }

    public record Facts(
            @NotNull @Valid AccountFact account,
            @NotNull Map<@NotBlank String, @NotNull MarginMode> marginModes,
            Map<@NotBlank String, @NotNull @DecimalMin("1") @Decimal BigDecimal> leverages,
            @Size(max = 1000) List<@NotNull @Valid PositionFact> positions,
            @Size(max = 10000) List<@NotNull @Valid OrderFact> orders,
            @NotNull Map<@NotBlank String, @NotNull @Price BigDecimal> markPrices) {
    }

    public record AccountFact(
            @NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountId,
            Map<@NotBlank String, @NotNull @PositiveOrZero @Decimal BigDecimal> balances) {
    }

    public record PositionFact(
            @NotBlank String symbol,
            @NotNull PositionSide side,
            @NotNull @Positive @Decimal BigDecimal quantity,
            @NotNull @Price BigDecimal entryPrice,
            @NotNull @DecimalMin("1") @Decimal BigDecimal leverage,
            @NotNull MarginMode mode,
            @PositiveOrZero @Decimal BigDecimal isolatedMargin) {
    }

    public record OrderFact(
            String orderId,
            @NotBlank String symbol,
            @NotNull OrderSide side,
            @NotNull @Positive @Decimal BigDecimal quantity,
            @NotNull @Price BigDecimal price,
            @NotNull @DecimalMin("1") @Decimal BigDecimal leverage) {
    }
}
