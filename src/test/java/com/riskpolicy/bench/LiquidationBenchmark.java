package com.riskpolicy.bench;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.liquidation.LiquidationEvent;
import com.riskpolicy.liquidation.TickLedger;
import com.riskpolicy.liquidation.TickPlan;
import com.riskpolicy.liquidation.TickPlanner;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import com.riskpolicy.rules.RuleSetCompiler;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.quarkus.bootstrap.logging.InitialConfigurator;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Handler;
import java.util.logging.Level;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.jboss.logmanager.LogContext;

/**
 * Liquidation-tick benchmark (issue 4): for 100,000 and 1,000,000 isolated positions over BTCUSDT
 * and ETHUSDT, loaded into a {@link LiquidationBook}, the time of one BTCUSDT mark-price tick
 * ({@link TickPlanner#plan} + {@link LiquidationBook#applied}, in memory: persistence is not part of
 * it) when the price liquidates nobody and when it liquidates 1 % of all positions, the heap the
 * book takes, and the time to build it. As the baseline it runs, in the same JVM over the same
 * positions, a plain Java loop that computes every BTCUSDT position's maintenance margin and margin
 * balance in {@code BigDecimal} with the same formulas and counts those at the liquidation threshold;
 * the loop's count must equal the engine's, or the program exits with status 2.
 *
 * <p>Targets, at 1,000,000 positions: at most 1 s per tick (both kinds), at most 3 times the plain
 * loop over the same positions at the same price, at most 4 GiB of heap in use.
 *
 * <p>Not a unit test: run it with {@code ./mvnw -B -Pbenchmark verify -DskipTests -Dbench=liquidation}
 * (see BENCHMARKS.md). System properties: {@code bench} (liquidation | all runs it),
 * {@code bench.liquidation.sizes} (default {@code 100000,1000000}), {@code bench.liquidation.rounds}
 * (measured rounds per size; a round is {@code bench.liquidation.quiet.ticks} ticks that liquidate
 * nobody, one 1 % tick and one plain loop at each of the three prices; default 30),
 * {@code bench.liquidation.quiet.ticks} (default 50), {@code bench.liquidation.warmup.rounds} and
 * {@code bench.liquidation.warmup.seconds} (rounds as measured, not timed, at least that many and for
 * at least that long per size, so that the JIT has compiled both sides even when other processes
 * starve its threads; defaults 10 and 20), {@code bench.liquidation.seed} (default 20241126), {@code bench.rules} (default
 * {@code rules}).
 */
public final class LiquidationBenchmark {

    static final double TARGET_TICK_MILLIS = 1_000;
    static final double TARGET_LOOP_FACTOR = 3;
    static final long TARGET_HEAP_MIB = 4 * 1024;
    static final int TARGET_POSITIONS = 1_000_000;

    private static final String BTC = "BTCUSDT";
    private static final String ETH = "ETHUSDT";
    private static final String[] SYMBOLS = {BTC, ETH};
    /** The marks every position is generated healthy at: risk ratio below 0.5 at each of them. */
    private static final BigDecimal BTC_MARK = new BigDecimal("60000.00");
    private static final BigDecimal BTC_MARK_UP = new BigDecimal("60030.00");
    private static final BigDecimal ETH_MARK = new BigDecimal("3000.00");
    private static final BigDecimal[] BASE_MARKS = {BTC_MARK, ETH_MARK};
    private static final BigDecimal HEALTHY_RATIO = new BigDecimal("0.5");
    private static final int[] LEVERAGES = {2, 3, 5, 10, 20, 25, 50, 75, 100, 125};
    private static final int[] LEVERAGE_WEIGHTS = {5, 8, 15, 25, 20, 10, 8, 5, 3, 1};
    /** Far more than the deficits of any tick here: no auto-deleveraging, which this does not measure. */
    private static final Map<String, BigDecimal> FUND = Map.of("USDT", new BigDecimal("1000000000000"));

    private static final int SESSION_POOL_SIZE = 16;
    private static final int MAX_FIRINGS = 10_000;

    /** Written once at the end so the JIT cannot prove the work unused. */
    static volatile long sink;

    private LiquidationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Selection.runs("liquidation", "liquidation benchmark")) {
            return;
        }
        int[] sizes = Arrays.stream(System.getProperty("bench.liquidation.sizes", "100000,1000000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.getInteger("bench.liquidation.rounds", 30);
        int quietTicks = Integer.getInteger("bench.liquidation.quiet.ticks", 50);
        int warmupRounds = Integer.getInteger("bench.liquidation.warmup.rounds", 10);
        int warmupSeconds = Integer.getInteger("bench.liquidation.warmup.seconds", 20);
        long seed = Long.getLong("bench.liquidation.seed", 20241126L);
        Path rulesFolder = Path.of(System.getProperty("bench.rules", "rules"));
        configureLogging();

        long compileStart = System.nanoTime();
        RuleSet rules = new RuleEngine(new RuleSetCompiler(SESSION_POOL_SIZE, MAX_FIRINGS), rulesFolder).reload();
        System.out.printf(Locale.ROOT, "[bench] compiled %s (%s) in %.1f s; JVM %s, %d cores, max heap %d MiB, GC %s,"
                        + " options %s%n", rulesFolder.toAbsolutePath().normalize(), rules.revision(),
                (System.nanoTime() - compileStart) / 1e9, Runtime.version(), MachineLoad.CORES,
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch")) {
            System.out.println("[bench] WARNING: without -XX:+AlwaysPreTouch the loop and the ticks pay for the kernel's"
                    + " first touch of every eden page they allocate into (see BENCHMARKS.md)");
        }

        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            results.add(run(rules, size, seed, rounds, quietTicks, warmupRounds, warmupSeconds));
        }
        print(results);
    }

    // ---------------------------------------------------------------------------------------------
    // The data: N isolated positions, one per account, healthy at the base marks
    // ---------------------------------------------------------------------------------------------

    /**
     * The positions as primitive columns, so that the book and the plain loop each get their own
     * objects (the book's heap is then all its own) from the same values. Position i belongs to
     * account {@code "acct-" + i}.
     */
    static final class Data {
        final int size;
        final byte[] symbol;
        final boolean[] isLong;
        /** Scale 3. */
        final long[] quantity;
        /** Scale 2. */
        final long[] entryPrice;
        final int[] leverage;
        /** Scale 8: entry value / leverage, rounded up. */
        final long[] margin;
        int rejected;

        Data(int size) {
            this.size = size;
            symbol = new byte[size];
            isLong = new boolean[size];
            quantity = new long[size];
            entryPrice = new long[size];
            leverage = new int[size];
            margin = new long[size];
        }

        Position position(int i) {
            return new Position(SYMBOLS[symbol[i]], isLong[i] ? PositionSide.LONG : PositionSide.SHORT,
                    BigDecimal.valueOf(quantity[i], 3), BigDecimal.valueOf(entryPrice[i], 2),
                    BigDecimal.valueOf(leverage[i]), MarginMode.ISOLATED, BigDecimal.valueOf(margin[i], 8));
        }

        static String accountId(int i) {
            return "acct-" + i;
        }

        static int index(String accountId) {
            return Integer.parseInt(accountId.substring(5));
        }
    }

    /**
     * 60 % BTCUSDT, 40 % ETHUSDT, half long, half short; notional log-uniform from 20 to 1,000,000
     * USDT; leverage 2-125 (mostly 5-25), capped by the tier of the entry value; entry price within
     * ±min(10 %, 2/leverage) of the base mark; margin = entry value / leverage. A draw whose risk ratio
     * at any base mark is 0.5 or more is drawn again, so that the quiet ticks neither liquidate nor
     * raise a margin call. Random numbers only pick values; every amount is an exact BigDecimal.
     */
    static Data generate(int size, long seed, MarginMath math) {
        Random random = new Random(seed);
        Data data = new Data(size);
        Contract[] contracts = {math.catalog().requireContract(BTC), math.catalog().requireContract(ETH)};
        int weightSum = Arrays.stream(LEVERAGE_WEIGHTS).sum();
        for (int i = 0; i < size; i++) {
            while (true) {
                int s = random.nextDouble() < 0.6 ? 0 : 1;
                boolean isLong = random.nextBoolean();
                int pick = random.nextInt(weightSum);
                int l = 0;
                while (pick >= LEVERAGE_WEIGHTS[l]) {
                    pick -= LEVERAGE_WEIGHTS[l];
                    l++;
                }
                int leverage = LEVERAGES[l];
                double base = BASE_MARKS[s].doubleValue();
                double notional = Math.exp(Math.log(20) + random.nextDouble() * (Math.log(1_000_000) - Math.log(20)));
                long quantity = Math.max(1, Math.round(notional / base * 1_000));
                double spread = Math.min(0.10, 2.0 / leverage);
                long entry = Math.round(base * (1 + spread * (2 * random.nextDouble() - 1)) * 100);
                BigDecimal q = BigDecimal.valueOf(quantity, 3);
                BigDecimal e = BigDecimal.valueOf(entry, 2);
                BigDecimal entryValue = q.multiply(e);
                int tierMax = contracts[s].tierOrLast(entryValue).maxLeverage().intValue();
                leverage = Math.min(leverage, tierMax);
                BigDecimal margin = entryValue.divide(BigDecimal.valueOf(leverage), 8, RoundingMode.CEILING);
                Position position = new Position(SYMBOLS[s], isLong ? PositionSide.LONG : PositionSide.SHORT, q, e,
                        BigDecimal.valueOf(leverage), MarginMode.ISOLATED, margin);
                boolean healthy = s == 0
                        ? !reaches(position, BTC_MARK, contracts[0], HEALTHY_RATIO)
                          && !reaches(position, BTC_MARK_UP, contracts[0], HEALTHY_RATIO)
                        : !reaches(position, ETH_MARK, contracts[1], HEALTHY_RATIO);
                if (!healthy) {
                    data.rejected++;
                    continue;
                }
                data.symbol[i] = (byte) s;
                data.isLong[i] = isLong;
                data.quantity[i] = quantity;
                data.entryPrice[i] = entry;
                data.leverage[i] = leverage;
                data.margin[i] = margin.unscaledValue().longValueExact();
                break;
            }
        }
        return data;
    }

    // ---------------------------------------------------------------------------------------------
    // The baseline: the same threshold over every position, in a plain loop
    // ---------------------------------------------------------------------------------------------

    /**
     * The exact threshold, as the planner computes it: MM = PV × mmr − cum of the tier at PV,
     * balance = iM + U; the position is at {@code ratio} when MM &gt; 0 and either balance ≤ 0 or
     * MM ≥ balance × ratio.
     */
    static boolean reaches(Position p, BigDecimal mark, Contract contract, BigDecimal ratio) {
        BigDecimal value = MarginMath.positionValue(p.quantity(), mark);
        BigDecimal maintenance = MarginMath.maintenanceMargin(value, contract.tierOrLast(value));
        BigDecimal balance = Money.add(p.isolatedMargin(),
                MarginMath.unrealizedPnl(p.side(), p.quantity(), p.entryPrice(), mark));
        return maintenance.signum() > 0
                && (balance.signum() <= 0 || maintenance.compareTo(Money.multiply(balance, ratio)) >= 0);
    }

    /** The plain loop: every position, those of {@code symbol} checked, the liquidatable counted. */
    static int plainLoop(List<Position> positions, String symbol, BigDecimal mark, Contract contract,
                         BigDecimal ratio) {
        int count = 0;
        for (int i = 0, n = positions.size(); i < n; i++) {
            Position p = positions.get(i);
            if (p.symbol().equals(symbol) && reaches(p, mark, contract, ratio)) {
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------------
    // One size
    // ---------------------------------------------------------------------------------------------

    /** Striped account locks as the service's {@code AccountLocks}: a tick holds what it locks until it is applied. */
    static final class StripedLedger implements TickLedger {
        private static final int STRIPES = 1024;
        private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
        private final List<ReentrantLock> held = new ArrayList<>();

        StripedLedger() {
            for (int i = 0; i < STRIPES; i++) {
                locks[i] = new ReentrantLock();
            }
        }

        @Override
        public void lock(String accountId) {
            ReentrantLock lock = locks[Math.floorMod(accountId.hashCode(), STRIPES)];
            if (!lock.isHeldByCurrentThread()) {
                lock.lock();
                held.add(lock);
            }
        }

        /** Only isolated positions here: no tick reads a whole account (cross book or ADL counterparty). */
        @Override
        public AccountSnapshot lockAndRead(String accountId) {
            throw new IllegalStateException("the benchmark holds isolated positions only; nothing should read account "
                    + accountId);
        }

        void releaseAll() {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            held.clear();
        }
    }

    /** What one tick did, counted. */
    record TickCounts(int liquidations, int marginCalls, int other, int closes, int accountChanges) {

        static TickCounts of(TickPlan plan) {
            Map<LiquidationType, Integer> byType = new EnumMap<>(LiquidationType.class);
            for (LiquidationEvent event : plan.events()) {
                byType.merge(event.type(), 1, Integer::sum);
            }
            int liquidations = byType.getOrDefault(LiquidationType.ISOLATED_LIQUIDATION, 0);
            int calls = byType.getOrDefault(LiquidationType.MARGIN_CALL, 0);
            return new TickCounts(liquidations, calls, plan.events().size() - liquidations - calls,
                    plan.isolatedCloses().size(), plan.accountChanges().size());
        }
    }

    /** The figures of one size. Durations in milliseconds unless named otherwise. */
    record Result(int size, int btcPositions, double buildSeconds, double buildCpuSeconds, double buildGcSeconds,
                  long bookHeapMiB, long liveHeapMiB, long maxAfterGcMiB, long maxBeforeGcMiB,
                  BigDecimal liquidatingMark, Stats quiet, Stats liquidating, Stats liquidatingCpu, Stats plan,
                  Stats applied, TickCounts counts, int loopLiquidatable, int loopMarginCalls, Stats loopQuiet,
                  Stats loopQuietCpu, Stats loopLiquidating, Stats loopLiquidatingCpu, long gcCount, long gcMillis,
                  MachineLoad.Usage usage) {

        double quietFactor() {
            return quiet.median() / loopQuiet.median();
        }

        double liquidatingFactor() {
            return liquidating.median() / loopLiquidating.median();
        }

        double liquidatingCpuFactor() {
            return liquidatingCpu.median() / loopLiquidatingCpu.median();
        }

        boolean tickMet() {
            return quiet.p99() <= TARGET_TICK_MILLIS && liquidating.p99() <= TARGET_TICK_MILLIS;
        }

        boolean factorMet() {
            return quietFactor() <= TARGET_LOOP_FACTOR && liquidatingFactor() <= TARGET_LOOP_FACTOR;
        }

        boolean heapMet() {
            return liveHeapMiB <= TARGET_HEAP_MIB;
        }
    }

    /** Durations in milliseconds. */
    record Stats(int count, double median, double p99, double max) {

        static Stats of(long[] nanos, int count) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
            long p99 = sorted[Math.max(0, (int) Math.ceil(0.99 * count) - 1)];
            return new Stats(count, median / 1e6, p99 / 1e6, sorted[count - 1] / 1e6);
        }
    }

    /** Nanosecond samples: wall time, and the measuring thread's CPU time where it is taken. */
    static final class Samples {
        final long[] nanos;
        final long[] cpu;
        int count;

        Samples(int capacity) {
            nanos = new long[capacity];
            cpu = new long[capacity];
        }

        void add(long wall, long cpuNanos) {
            nanos[count] = wall;
            cpu[count] = cpuNanos;
            count++;
        }

        Stats stats() {
            return Stats.of(nanos, count);
        }

        Stats cpuStats() {
            return Stats.of(cpu, count);
        }
    }

    /** The measuring thread's CPU time: what it ran, without the GC threads' work and time taken by other processes. */
    static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static Result run(RuleSet rules, int size, long seed, int rounds, int quietTicks, int warmupRounds,
                              int warmupSeconds) throws InterruptedException {
        MarginMath math = rules.math();
        Contract btc = math.catalog().requireContract(BTC);
        BigDecimal liquidationRatio = math.catalog().liquidationRiskRatio();
        BigDecimal marginCallRatio = math.catalog().marginCallRiskRatio();
        System.out.printf(Locale.ROOT, "%n[bench] ---- %,d isolated positions ----%n", size);

        long started = System.nanoTime();
        Data data = generate(size, seed, math);
        List<Position> positions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            positions.add(data.position(i));
        }
        int btcPositions = 0;
        int btcLongs = 0;
        int[] byLeverage = new int[126];
        for (int i = 0; i < size; i++) {
            if (data.symbol[i] == 0) {
                btcPositions++;
                btcLongs += data.isLong[i] ? 1 : 0;
            }
            byLeverage[data.leverage[i]]++;
        }
        StringBuilder leverages = new StringBuilder();
        for (int l = 1; l < byLeverage.length; l++) {
            if (byLeverage[l] > 0) {
                leverages.append(String.format(Locale.ROOT, " %dx %.1f%%", l, 100.0 * byLeverage[l] / size));
            }
        }
        System.out.printf(Locale.ROOT, "[bench] generated in %.1f s (%,d draws redrawn as unhealthy at the base marks):"
                        + " %,d BTCUSDT (%,d long), %,d ETHUSDT; leverage%s%n", (System.nanoTime() - started) / 1e9,
                data.rejected, btcPositions, btcLongs, size - btcPositions, leverages);

        // Heap: after full GCs with the data and the loop's positions in place, then with the book too.
        long heapBefore = usedHeapAfterGc();
        GC_WATCH.reset();
        long[] gcBeforeBuild = MachineLoad.gc();
        long buildCpu = cpuNow();
        long buildStart = System.nanoTime();
        LiquidationBook book = new LiquidationBook(rules);
        for (int i = 0; i < size; i++) {
            book.load(Data.accountId(i), data.position(i));
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        double buildCpuSeconds = (cpuNow() - buildCpu) / 1e9;
        double buildGcSeconds = (MachineLoad.gc()[1] - gcBeforeBuild[1]) / 1e3;
        long heapAfter = usedHeapAfterGc();
        if (book.isolatedPositions() != size) {
            fail("the book holds " + book.isolatedPositions() + " positions, not " + size);
        }
        System.out.printf(Locale.ROOT, "[bench] index built in %.2f s (its thread's CPU %.2f s, GC pauses %.2f s);"
                        + " heap in use after full GC: %,d MiB before the book, %,d MiB with it (the book %,d MiB)%n",
                buildSeconds, buildCpuSeconds, buildGcSeconds, heapBefore >> 20, heapAfter >> 20,
                (heapAfter - heapBefore) >> 20);

        // The 1 % price: the mark at which 1 % of ALL positions (N / 100), all of them BTCUSDT longs, reach ratio 1.
        int target = size / 100;
        BigDecimal liquidatingMark = liquidatingMark(data, math, btc, target);
        int loopLiquidatable = plainLoop(positions, BTC, liquidatingMark, btc, liquidationRatio);
        int loopCalled = plainLoop(positions, BTC, liquidatingMark, btc, marginCallRatio) - loopLiquidatable;
        int loopQuietCheck = plainLoop(positions, BTC, BTC_MARK, btc, marginCallRatio)
                + plainLoop(positions, BTC, BTC_MARK_UP, btc, marginCallRatio);
        System.out.printf(Locale.ROOT, "[bench] quiet ticks alternate BTCUSDT %s / %s (plain loop: %d positions at a"
                        + " threshold); the 1 %% tick is BTCUSDT %s (%.2f %% below %s): plain loop %,d liquidatable"
                        + " (target %,d = 1 %% of %,d) and %,d more at the margin-call ratio %s%n",
                BTC_MARK.toPlainString(), BTC_MARK_UP.toPlainString(), loopQuietCheck, liquidatingMark.toPlainString(),
                100 * (1 - liquidatingMark.doubleValue() / BTC_MARK.doubleValue()), BTC_MARK.toPlainString(),
                loopLiquidatable, target, size, loopCalled, marginCallRatio.toPlainString());
        if (loopQuietCheck != 0) {
            fail("the quiet prices put " + loopQuietCheck + " positions at a threshold");
        }
        if (Math.abs(loopLiquidatable - target) > Math.max(1, target / 20)) {
            fail("the 1 % price liquidates " + loopLiquidatable + " positions, not about " + target);
        }

        StripedLedger ledger = new StripedLedger();
        Runner runner = new Runner(book, rules, ledger, data);
        TickCounts expected = new TickCounts(loopLiquidatable, loopCalled, 0, loopLiquidatable, 0);
        BigDecimal[] loopMarks = {BTC_MARK, BTC_MARK_UP, liquidatingMark};

        System.out.printf("[bench] warming up: at least %d rounds and %d s ...%n", warmupRounds, warmupSeconds);
        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        for (int round = 0; round < warmupRounds || System.nanoTime() < warmupEnd; round++) {
            for (int t = 0; t < quietTicks; t++) {
                runner.quietTick(t % 2 == 0 ? BTC_MARK : BTC_MARK_UP, null);
            }
            runner.liquidatingTick(liquidatingMark, expected, null, null, null);
            for (BigDecimal mark : loopMarks) {
                sink += plainLoop(positions, BTC, mark, btc, liquidationRatio);
            }
        }

        System.out.printf("[bench] measuring: %d rounds of %d quiet ticks, one 1 %% tick, a plain loop at each of the"
                + " three prices ...%n", rounds, quietTicks);
        Samples quiet = new Samples(rounds * quietTicks);
        Samples liquidating = new Samples(rounds);
        Samples plan = new Samples(rounds);
        Samples applied = new Samples(rounds);
        Samples loopQuiet = new Samples(2 * rounds);
        Samples loopLiquidating = new Samples(rounds);
        long[] gcBefore = MachineLoad.gc();
        MachineLoad.Sample loadBefore = MachineLoad.sample(ProcessHandle.current());
        for (int round = 0; round < rounds; round++) {
            for (int t = 0; t < quietTicks; t++) {
                runner.quietTick(t % 2 == 0 ? BTC_MARK : BTC_MARK_UP, quiet);
            }
            runner.liquidatingTick(liquidatingMark, expected, liquidating, plan, applied);
            for (BigDecimal mark : loopMarks) {
                long cpu = cpuNow();
                long before = System.nanoTime();
                int count = plainLoop(positions, BTC, mark, btc, liquidationRatio);
                long wall = System.nanoTime() - before;
                (mark == liquidatingMark ? loopLiquidating : loopQuiet).add(wall, cpuNow() - cpu);
                if (count != (mark == liquidatingMark ? loopLiquidatable : 0)) {
                    fail("the plain loop counted " + count + " at " + mark);
                }
            }
        }
        MachineLoad.Usage usage = MachineLoad.between(loadBefore, MachineLoad.sample(ProcessHandle.current()));
        long[] gcAfter = MachineLoad.gc();
        Thread.sleep(200);
        Result result = new Result(size, btcPositions, buildSeconds, buildCpuSeconds, buildGcSeconds,
                (heapAfter - heapBefore) >> 20, heapAfter >> 20, GC_WATCH.maxAfter.get() >> 20,
                GC_WATCH.maxBefore.get() >> 20, liquidatingMark, quiet.stats(), liquidating.stats(),
                liquidating.cpuStats(), plan.stats(), applied.stats(), runner.lastCounts, loopLiquidatable, loopCalled,
                loopQuiet.stats(), loopQuiet.cpuStats(), loopLiquidating.stats(), loopLiquidating.cpuStats(),
                gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], usage);
        System.out.printf(Locale.ROOT, "[bench] %,d positions: quiet tick median %.3f ms, 1 %% tick median %.1f ms"
                        + " (%,d liquidations, %,d margin calls), plain loop median %.1f ms (quiet prices) / %.1f ms"
                        + " (1 %% price); %s%n", size, result.quiet().median(), result.liquidating().median(),
                result.counts().liquidations(), result.counts().marginCalls(), result.loopQuiet().median(),
                result.loopLiquidating().median(), usage.describe(List.of("benchmark")));
        sink += runner.consumed;
        return result;
    }

    /** Runs ticks against the book and puts it back as it was after every 1 % tick. */
    static final class Runner {
        final LiquidationBook book;
        final RuleSet rules;
        final StripedLedger ledger;
        final Data data;
        TickCounts lastCounts;
        long consumed;

        Runner(LiquidationBook book, RuleSet rules, StripedLedger ledger, Data data) {
            this.book = book;
            this.rules = rules;
            this.ledger = ledger;
            this.data = data;
        }

        /** One tick as the service runs it, without the database: plan, apply to the index, release the locks. */
        TickPlan tick(BigDecimal mark, Samples total, Samples planOnly, Samples appliedOnly) {
            boolean cpu = planOnly != null;
            long startCpu = cpu ? cpuNow() : 0;
            long start = System.nanoTime();
            TickPlan plan = new TickPlanner(book, rules, ledger, BTC, mark, Map.of(BTC, mark, ETH, ETH_MARK), FUND,
                    Instant.now()).plan();
            long planned = System.nanoTime();
            book.applied(plan);
            ledger.releaseAll();
            long end = System.nanoTime();
            if (total != null) {
                total.add(end - start, cpu ? cpuNow() - startCpu : 0);
            }
            if (planOnly != null) {
                planOnly.add(planned - start, 0);
                appliedOnly.add(end - planned, 0);
            }
            consumed += plan.events().size() + plan.isolatedCloses().size();
            return plan;
        }

        void quietTick(BigDecimal mark, Samples total) {
            TickPlan plan = tick(mark, total, null, null);
            if (!plan.events().isEmpty() || plan.changesLedger() || !plan.flags().isolatedRecovered().isEmpty()) {
                fail("a quiet tick at " + mark + " did something: " + TickCounts.of(plan));
            }
        }

        /** Times one 1 % tick, checks it did what the plain loop says, then puts the book back (not timed). */
        void liquidatingTick(BigDecimal mark, TickCounts expected, Samples total, Samples planOnly, Samples appliedOnly) {
            TickPlan plan = tick(mark, total, planOnly, appliedOnly);
            TickCounts counts = TickCounts.of(plan);
            if (!counts.equals(expected)) {
                fail("the engine's 1 % tick did " + counts + "; the plain loop expects " + expected);
            }
            lastCounts = counts;
            for (TickPlan.PositionKey closed : plan.isolatedCloses()) {
                book.load(closed.accountId(), data.position(Data.index(closed.accountId())));
            }
            // Margin calls raised by the tick fall back, so that the next 1 % tick raises them again.
            book.applied(new TickPlan(BTC, BTC_MARK, rules.revision(), List.of(), List.of(), List.of(), Map.of(),
                    new TickPlan.Flags(List.of(), plan.flags().isolatedCalled(), List.of(), List.of())));
            if (book.isolatedPositions() != data.size) {
                fail("after putting the liquidated positions back the book holds " + book.isolatedPositions());
            }
        }
    }

    /**
     * The mark between the liquidation prices of the (target)th and (target + 1)th BTCUSDT long from
     * the top: (target) longs liquidate there, nobody else does (shorts gain as the price falls).
     */
    static BigDecimal liquidatingMark(Data data, MarginMath math, Contract btc, int target) {
        List<BigDecimal> prices = longLiquidationPrices(data, math, btc);
        if (prices.size() <= target || target < 1) {
            fail("only " + prices.size() + " BTCUSDT longs can be liquidated; " + target + " are needed");
        }
        BigDecimal between = prices.get(target - 1).add(prices.get(target)).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_EVEN);
        return between;
    }

    /** The liquidation prices of the BTCUSDT longs that have one, highest first: the order a falling price reaches them. */
    static List<BigDecimal> longLiquidationPrices(Data data, MarginMath math, Contract btc) {
        List<BigDecimal> prices = new ArrayList<>();
        for (int i = 0; i < data.size; i++) {
            if (data.symbol[i] == 0 && data.isLong[i]) {
                Position p = data.position(i);
                math.liquidationPrice(btc, PositionSide.LONG, p.quantity(), p.entryPrice(), p.isolatedMargin(),
                        MarginMath.positionValue(p.quantity(), p.entryPrice())).ifPresent(prices::add);
            }
        }
        prices.sort(Comparator.reverseOrder());
        return prices;
    }

    // ---------------------------------------------------------------------------------------------
    // Heap, GC, output
    // ---------------------------------------------------------------------------------------------

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static final GcWatch GC_WATCH = new GcWatch();

    /**
     * Heap in use around every collection, from the collectors' notifications: the most in use when a
     * collection started (garbage included) and the most left after one (an upper bound of the live
     * set: a young collection leaves old garbage in place).
     */
    static final class GcWatch implements NotificationListener {
        final AtomicLong maxBefore = new AtomicLong();
        final AtomicLong maxAfter = new AtomicLong();
        private final Set<String> heapPools = new HashSet<>();

        GcWatch() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(this, null, null);
                }
            }
        }

        void reset() {
            maxBefore.set(0);
            maxAfter.set(0);
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            maxBefore.accumulateAndGet(heap(info.getMemoryUsageBeforeGc()), Math::max);
            maxAfter.accumulateAndGet(heap(info.getMemoryUsageAfterGc()), Math::max);
        }

        private long heap(Map<String, MemoryUsage> usage) {
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : usage.entrySet()) {
                if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                }
            }
            return used;
        }
    }

    static void fail(String message) {
        System.out.println("[bench] FAILED: " + message);
        System.out.flush();
        System.exit(2);
    }

    /** As DecisionBenchmark: the service's log levels (Drools and KIE at WARN) outside Quarkus. */
    static void configureLogging() {
        InitialConfigurator.DELAYED_HANDLER.setHandlers(new Handler[] {InitialConfigurator.createDefaultHandler()});
        LogContext logs = LogContext.getLogContext();
        logs.getLogger("").setLevel(Level.INFO);
        logs.getLogger("org.drools").setLevel(Level.WARNING);
        logs.getLogger("org.kie").setLevel(Level.WARNING);
    }

    private static void print(List<Result> results) {
        String line = "-".repeat(128);
        System.out.println();
        System.out.println("Liquidation ticks on BTCUSDT, one thread: TickPlanner.plan + LiquidationBook.applied over the"
                + " shipped rules/, in memory");
        System.out.println("(persisting a tick's changes and events is not measured here); baseline: a plain loop over"
                + " every position, same JVM, same positions");
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-10s | %-23s | %-23s | %-15s | %-19s | %-13s | %-12s%n", "positions",
                "quiet tick ms med/p99", "1 % tick ms med/p99", "liquid./calls", "loop ms quiet/1 %", "tick/loop q", "tick/loop 1%");
        System.out.println(line);
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-10s | %10.3f %12.3f | %10.1f %12.1f | %7s %7s | %9.1f %9.1f | %13.5f | %12.2f%n",
                    String.format(Locale.ROOT, "%,d", r.size()), r.quiet().median(), r.quiet().p99(),
                    r.liquidating().median(), r.liquidating().p99(), String.format(Locale.ROOT, "%,d", r.counts().liquidations()),
                    String.format(Locale.ROOT, "%,d", r.counts().marginCalls()), r.loopQuiet().median(),
                    r.loopLiquidating().median(), r.quietFactor(), r.liquidatingFactor());
        }
        System.out.println(line);
        System.out.printf(Locale.ROOT, "%-10s | %-30s | %-9s | %-14s | %-25s%n", "positions", "index build s (thread CPU, GC)",
                "book MiB", "live heap MiB", "heap at GCs MiB: max after / max before");
        System.out.println(line);
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-10s | %8.2f (%6.2f, %6.2f)        | %9d | %14d | %12d / %d%n",
                    String.format(Locale.ROOT, "%,d", r.size()), r.buildSeconds(), r.buildCpuSeconds(), r.buildGcSeconds(),
                    r.bookHeapMiB(), r.liveHeapMiB(), r.maxAfterGcMiB(), r.maxBeforeGcMiB());
        }
        System.out.println(line);
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%,d positions (%,d BTCUSDT): 1 %% tick at %s: plan %.1f ms + applied %.1f ms"
                            + " (medians), max %.1f ms; engine liquidated %,d, plain loop %,d (agree), margin calls engine %,d,"
                            + " loop %,d%n", r.size(), r.btcPositions(), r.liquidatingMark().toPlainString(),
                    r.plan().median(), r.applied().median(), r.liquidating().max(), r.counts().liquidations(),
                    r.loopLiquidatable(), r.counts().marginCalls(), r.loopMarginCalls());
            System.out.printf(Locale.ROOT, "    measuring thread's CPU (no GC threads, no time lost to other processes):"
                            + " 1 %% tick median %.1f ms, loop %.1f ms (quiet) / %.1f ms (1 %%), 1 %% tick / loop %.2f%n",
                    r.liquidatingCpu().median(), r.loopQuietCpu().median(), r.loopLiquidatingCpu().median(),
                    r.liquidatingCpuFactor());
            System.out.printf(Locale.ROOT, "    samples: %d quiet ticks (max %.3f ms), %d 1 %% ticks, %d + %d loops; GC while"
                            + " measuring: %d collections, %d ms%n", r.quiet().count(), r.quiet().max(),
                    r.liquidating().count(), r.loopQuiet().count(), r.loopLiquidating().count(), r.gcCount(), r.gcMillis());
            System.out.println("    load while measuring: " + r.usage().describe(List.of("benchmark")));
            if (r.usage().disturbed()) {
                System.out.printf(Locale.ROOT, "    WARNING: other processes used %.2f cores while this was measured;"
                        + " the figures may be disturbed, re-run on a quieter machine%n", r.usage().otherCores());
            }
        }
        System.out.println(line);
        for (Result r : results) {
            String scope = r.size() == TARGET_POSITIONS ? "" : " (the targets are set for 1,000,000; for reference)";
            System.out.printf(Locale.ROOT, "%,d positions%s:%n", r.size(), scope);
            System.out.printf(Locale.ROOT, "  <= %.0f ms per tick (p99): quiet %.3f ms, 1 %% %.1f ms: %s%n",
                    TARGET_TICK_MILLIS, r.quiet().p99(), r.liquidating().p99(), met(r.tickMet()));
            System.out.printf(Locale.ROOT, "  <= %.0fx the plain loop (medians): quiet %.5f, 1 %% %.2f: %s%n",
                    TARGET_LOOP_FACTOR, r.quietFactor(), r.liquidatingFactor(), met(r.factorMet()));
            System.out.printf(Locale.ROOT, "  heap <= %,d MiB: %,d MiB live after full GC with the book loaded (book %,d MiB);"
                    + " at most %,d MiB left after any GC: %s%n", TARGET_HEAP_MIB, r.liveHeapMiB(), r.bookHeapMiB(),
                    r.maxAfterGcMiB(), met(r.heapMet()));
        }
        System.out.println("(each tick is timed on its own with System.nanoTime, from plan() through applied() and the"
                + " release of the account locks, GC pauses that fall into it included; after every 1 % tick the");
        System.out.println(" liquidated positions are loaded again and its margin calls withdrawn, not timed. 'live heap' is"
                + " everything after full GC: book, the loop's own copy of the positions, the data, rules;");
        System.out.println(" 'max before' is the most in use when a collection started, garbage included, and follows the"
                + " heap the JVM is given.)");
        System.out.println("[bench] sink " + sink);
    }

    private static String met(boolean met) {
        return met ? "MET" : "NOT MET";
    }
}
