using IommuSim.Tests.Support;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using MathNet.Numerics.Distributions;

namespace IommuSim.Tests.Kernel.Statistics;

public class LogLinearHistogramTests
{
    private const int SampleCount = 100_000;

    // Percentiles as exact fractions num/den, so the reference rank ceil(q * N) is integer arithmetic.
    private static readonly (double Q, long Num, long Den)[] Quantiles =
    [
        (0.5, 1, 2), (0.9, 9, 10), (0.99, 99, 100), (0.999, 999, 1000), (1.0, 1, 1),
    ];

    public static TheoryData<string> Distributions => new() { "uniform", "exponential", "lognormal" };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentiles_are_within_the_stated_relative_error(string distribution)
    {
        long[] values = Draw(distribution);
        var histogram = new LogLinearHistogram();
        foreach (long v in values) histogram.Record(v);
        Array.Sort(values);

        foreach (var (q, num, den) in Quantiles)
        {
            // Nearest rank: the ceil(q N)-th smallest sample (1-based).
            long rank = (SampleCount * num + den - 1) / den;
            long exact = values[rank - 1];
            long reported = histogram.Percentile(q);
            Assert.True(Math.Abs(reported - exact) <= exact * LogLinearHistogram.MaxRelativeError,
                $"{distribution} q={q}: reported {reported}, exact {exact}");
        }
        Assert.True(LogLinearHistogram.MaxRelativeError < 0.01);
        Assert.Equal(values[^1], histogram.Percentile(1.0));
        Assert.Equal(values[0], histogram.Percentile(0.0));
        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(SampleCount, histogram.Count);
        Assert.Equal(values.Select(v => (decimal)v).Sum() / SampleCount, (decimal)histogram.Mean, 6);
    }

    [Fact]
    public void Values_below_256_are_exact()
    {
        // 0..255 once each: the k-th smallest is k - 1, so Percentile(k/256) must be exactly k - 1.
        var histogram = new LogLinearHistogram();
        for (long v = 0; v < 256; v++) histogram.Record(v);
        for (int k = 1; k <= 256; k++)
            Assert.Equal(k - 1, histogram.Percentile(k / 256.0));
        Assert.All(histogram.Buckets(), b => Assert.Equal(1, b.Hi - b.Lo));
        Assert.Equal(256, histogram.Buckets().Count());
    }

    [Fact]
    public void Rank_uses_the_decimal_value_of_q()
    {
        // 0..99: q = 0.07 means rank 7 (value 6), although 0.07 * 100 is 7.000000000000001 in binary.
        var histogram = new LogLinearHistogram();
        for (long v = 0; v < 100; v++) histogram.Record(v);
        Assert.Equal(6, histogram.Percentile(0.07));
        Assert.Equal(28, histogram.Percentile(0.29)); // 0.29 * 100 is 28.999999999999996 in binary
        Assert.Equal(49, histogram.Percentile(0.5));
        Assert.Equal(50, histogram.Percentile(0.501)); // ceil(50.1) = 51st value
    }

    [Fact]
    public void Bucket_bounds_contain_the_value_and_are_narrow()
    {
        long[] probes =
        [
            0, 1, 127, 128, 255, 256, 257, 511, 512, 1000, 65_535, 65_536, 1_000_000_007,
            (1L << 40) - 1, 1L << 40, 123_456_789_012_345, (1L << 62) + 12345, long.MaxValue - 1, long.MaxValue,
        ];
        foreach (long v in probes)
        {
            var histogram = new LogLinearHistogram();
            histogram.Record(v);
            var (lo, hi, count) = Assert.Single(histogram.Buckets());
            Assert.Equal(1, count);
            Assert.True(lo <= v && (v < hi || hi == long.MaxValue), $"{v} not in [{lo}, {hi})");
            // Width at most 1/128 of the lower bound (and 1 for the exact region below 256).
            Assert.True(v < 256 ? hi - lo == 1 : (decimal)hi - lo <= (decimal)lo / 128 + 1, $"[{lo}, {hi}) too wide");
        }
    }

    [Fact]
    public void Buckets_are_ascending_disjoint_and_sum_to_count()
    {
        var histogram = new LogLinearHistogram();
        foreach (long v in Draw("lognormal")) histogram.Record(v);
        long total = 0;
        long previousHi = 0;
        foreach (var (lo, hi, count) in histogram.Buckets())
        {
            Assert.True(lo >= previousHi && hi > lo && count > 0);
            previousHi = hi;
            total += count;
        }
        Assert.Equal(histogram.Count, total);
    }

    [Fact]
    public void Merge_equals_recording_everything_in_one()
    {
        long[] values = Draw("exponential");
        var all = new LogLinearHistogram();
        var first = new LogLinearHistogram();
        var second = new LogLinearHistogram();
        for (int i = 0; i < values.Length; i++)
        {
            all.Record(values[i]);
            (i % 3 == 0 ? first : second).Record(values[i]);
        }
        first.Merge(second);
        Assert.Equal(all.Count, first.Count);
        Assert.Equal(all.Min, first.Min);
        Assert.Equal(all.Max, first.Max);
        Assert.Equal(all.Mean, first.Mean);
        Assert.Equal(all.Buckets().ToArray(), first.Buckets().ToArray());
        foreach (var (q, _, _) in Quantiles)
            Assert.Equal(all.Percentile(q), first.Percentile(q));

        first.Merge(new LogLinearHistogram()); // merging an empty one changes nothing
        Assert.Equal(all.Buckets().ToArray(), first.Buckets().ToArray());
        Assert.Equal(all.Min, first.Min);
    }

    [Fact]
    public void Weighted_record_equals_repeated_record()
    {
        var weighted = new LogLinearHistogram();
        var repeated = new LogLinearHistogram();
        weighted.Record(5000, 3);
        weighted.Record(7, 2);
        weighted.Record(123, 0);
        for (int i = 0; i < 3; i++) repeated.Record(5000);
        repeated.Record(7);
        repeated.Record(7);
        Assert.Equal(repeated.Buckets().ToArray(), weighted.Buckets().ToArray());
        Assert.Equal(5, weighted.Count);
        Assert.Equal(7, weighted.Min);
        Assert.Equal((3 * 5000 + 2 * 7) / 5.0, weighted.Mean);
    }

    [Fact]
    public void Mean_is_exact_beyond_64_bit_sums()
    {
        // (2 (2^63 - 1) + 1) / 3 = (2^64 - 1) / 3 = 6148914691236517205 exactly; a long sum would overflow.
        var histogram = new LogLinearHistogram();
        histogram.Record(long.MaxValue, 2);
        histogram.Record(1);
        Assert.Equal(6148914691236517205.0, histogram.Mean);
        Assert.Equal(long.MaxValue, histogram.Percentile(1.0));
        // Rank 2 of 3 is long.MaxValue, reported from its (widest) bucket within the bound.
        long median = histogram.Percentile(0.5);
        Assert.True(long.MaxValue - median <= long.MaxValue * LogLinearHistogram.MaxRelativeError);
    }

    [Fact]
    public void Empty_reset_and_invalid_input()
    {
        var histogram = new LogLinearHistogram();
        Assert.Equal(0, histogram.Count);
        Assert.True(double.IsNaN(histogram.Mean));
        Assert.Empty(histogram.Buckets());
        Assert.Throws<InvalidOperationException>(() => histogram.Percentile(0.5));
        Assert.Throws<InvalidOperationException>(() => histogram.Min);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Record(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Record(1, -1));

        histogram.Record(1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Percentile(1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Percentile(double.NaN));
        histogram.Reset();
        Assert.Equal(0, histogram.Count);
        Assert.Empty(histogram.Buckets());
        histogram.Record(3);
        Assert.Equal(3, histogram.Min);
        Assert.Equal(3, histogram.Max);
    }

    [Fact]
    public void Record_does_not_allocate()
    {
        var histogram = new LogLinearHistogram();
        histogram.Record(1);
        histogram.Record(1, 2);
        Assert.Equal(0L, AllocationProbe.LeastBytes(() =>
        {
            for (long i = 0; i < 10_000; i++)
            {
                histogram.Record(i * 7919);
                histogram.Record(i, 2);
            }
        }));
    }

    // 100k values from a named stream: uniform on [0, 1e9), exponential with mean 1e6, and a heavy-tailed
    // lognormal (median 1e5, sigma 2: p99.9 is about 480 times the median).
    private static long[] Draw(string distribution)
    {
        var stream = new RandomStreams(2026).Get("histogram." + distribution);
        var lognormal = new LogNormal(Math.Log(1e5), 2.0, new RandomSource(stream));
        var values = new long[SampleCount];
        for (int i = 0; i < SampleCount; i++)
        {
            values[i] = distribution switch
            {
                "uniform" => stream.NextInt64(1_000_000_000),
                "exponential" => (long)stream.NextExponential(1e6),
                "lognormal" => (long)Math.Min(lognormal.Sample(), 9e18),
                _ => throw new ArgumentException(distribution),
            };
        }
        return values;
    }
}
