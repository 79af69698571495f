using IommuSim.Kernel.Statistics;

namespace IommuSim.Tests.Kernel.Statistics;

/// <summary>A histogram written down as its state and rebuilt is the same histogram; a state no histogram has is refused.</summary>
public class LogLinearHistogramStateTests
{
    [Fact]
    public void A_rebuilt_histogram_has_the_same_figures_and_buckets()
    {
        var h = new LogLinearHistogram();
        // Small values index themselves; 1_000_003 and long.MaxValue land in wide buckets, where the exact sum matters.
        foreach (long v in new long[] { 0, 1, 7, 255, 256, 1_000_003, 1_000_003, long.MaxValue }) h.Record(v);
        h.Record(93_000, 5);

        var state = h.State();
        var back = LogLinearHistogram.FromState(state);

        Assert.Equal(13, state.Count);
        // The exact sum: 0+1+7+255+256+2x1_000_003+5x93_000 + long.MaxValue, beyond a long.
        Assert.Equal((Int128)long.MaxValue + 2_000_006 + 465_000 + 519, state.Sum);
        Assert.Equal(h.Count, back.Count);
        Assert.Equal(h.Mean, back.Mean);
        Assert.Equal((h.Min, h.Max), (back.Min, back.Max));
        foreach (double q in new[] { 0, 0.1, 0.5, 0.9, 0.99, 1 }) Assert.Equal(h.Percentile(q), back.Percentile(q));
        Assert.Equal(h.Buckets(), back.Buckets());
        Assert.Equal(state, back.State() with { Buckets = state.Buckets, Counts = state.Counts });
        Assert.Equal(state.Buckets, back.State().Buckets);
        Assert.Equal(state.Counts, back.State().Counts);
    }

    [Fact]
    public void An_empty_histogram_and_one_reset_after_use_rebuild_as_empty()
    {
        var used = new LogLinearHistogram();
        used.Record(42);
        used.Reset();
        foreach (var h in new[] { new LogLinearHistogram(), used })
        {
            var state = h.State();
            Assert.Equal((0L, (Int128)0, long.MaxValue, long.MinValue), (state.Count, state.Sum, state.Min, state.Max));
            Assert.Empty(state.Buckets);
            var back = LogLinearHistogram.FromState(state);
            Assert.Equal(0, back.Count);
            Assert.True(double.IsNaN(back.Mean));
        }
    }

    [Fact]
    public void A_state_no_histogram_can_have_is_refused()
    {
        var h = new LogLinearHistogram();
        h.Record(10);
        h.Record(300);
        var good = h.State();
        Assert.Equal([10, 278], good.Buckets); // 300 = 0b1_0010_1100: exponent 8, shift 1, index (1 << 7) + 150
        var bad = new[]
        {
            good with { Counts = [1] },                          // counts and buckets differ in number
            good with { Buckets = [278, 10] },                  // not ascending
            good with { Buckets = [10, 7296] },                 // beyond the last bucket
            good with { Counts = [1, 0] },                      // an empty bucket listed
            good with { Count = 3 },                            // counts do not add up
            good with { Min = 11 },                             // the minimum is not in the first bucket
            good with { Max = 299 },                            // 299 is in the bucket below 300's
            good with { Sum = 19 },                             // below count x minimum
            good with { Sum = 601 },                            // above count x maximum
            good with { Min = -1 },
            new LogLinearHistogramState(0, 5, long.MaxValue, long.MinValue, [], []), // a sum without values
        };
        foreach (var state in bad) Assert.Throws<ArgumentException>(() => LogLinearHistogram.FromState(state));
    }
}
