-- The insurance fund's deposits and withdrawals, one row each, written in the transaction that
-- changes the balance (so the balance is the seed plus these plus the liquidation events' fund
-- deltas). What liquidations paid in or out stays on their events (liquidation_event).
-- amount: positive paid in, negative taken out; balance_after: the fund's balance once it moved.
CREATE SEQUENCE insurance_fund_transfer_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE insurance_fund_transfer (
    id BIGINT NOT NULL PRIMARY KEY,
    currency VARCHAR(16) NOT NULL,
    amount NUMERIC(50, 8) NOT NULL,
    balance_after NUMERIC(50, 8) NOT NULL,
    transferred_by VARCHAR(100) NOT NULL,
    at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX insurance_fund_transfer_at ON insurance_fund_transfer (at);
