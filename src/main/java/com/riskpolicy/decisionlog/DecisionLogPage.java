package com.riskpolicy.decisionlog;

import java.util.List;

/**
 * One page of the log, newest first.
 *
 * @param next the last entry's position, to continue from; null on the last page
 */
public record DecisionLogPage(List<LogEntry> entries, LogPosition next) {
}
