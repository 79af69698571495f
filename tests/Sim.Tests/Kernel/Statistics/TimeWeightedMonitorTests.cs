using IommuSim.Tests.Support;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Tests.Kernel.Statistics;

public class TimeWeightedMonitorTests
{
    private static SimTime S(long seconds) => SimTime.FromSeconds(seconds);

    [Fact]
    public void Hand_computed_piecewise_example()
    {
        // 0 on [0,2), 3 on [2,5), 1 on [5,10):
        // integral = 0*2 + 3*3 + 1*5 = 14, mean = 14/10 = 1.4,
        // mean of squares = (0 + 9*3 + 1*5)/10 = 3.2, variance = 3.2 - 1.4^2 = 1.24.
        var m = new TimeWeightedMonitor(S(0));
        m.Update(S(2), 3);
        m.Update(S(5), 1);
        Assert.Equal(14, m.Integral(S(10)), 12);
        Assert.Equal(1.4, m.Mean(S(10)), 12);
        Assert.Equal(1.24, m.Variance(S(10)), 12);
        Assert.Equal(0, m.Min);
        Assert.Equal(3, m.Max);
        Assert.Equal(1, m.Current);

        // Queries do not change state: asking earlier-but-valid times again gives the partial answers.
        // At t=5: integral 9, mean 1.8, mean of squares 27/5 = 5.4, variance 5.4 - 3.24 = 2.16.
        Assert.Equal(1.8, m.Mean(S(5)), 12);
        Assert.Equal(2.16, m.Variance(S(5)), 12);
        Assert.Equal(1.4, m.Mean(S(10)), 12);
    }

    [Fact]
    public void Sub_second_times_are_weighted_by_picoseconds()
    {
        // 2 busy walkers for 300 ns then 0 for 700 ns: mean 0.6, integral 600e-9 walker-seconds.
        var m = new TimeWeightedMonitor(SimTime.Zero, 2);
        m.Update(SimTime.FromNanoseconds(300L), 0);
        var end = SimTime.FromNanoseconds(1000L);
        Assert.Equal(0.6, m.Mean(end), 12);
        Assert.Equal(600e-9, m.Integral(end), 1e-20);
        Assert.Equal(0.3 * 0.7 * 4, m.Variance(end), 12); // two-point: p(1-p)(a-b)^2 with p = 0.3
    }

    [Fact]
    public void Increment_and_decrement_track_a_queue()
    {
        // Arrivals at 1 and 2, departures at 4 and 6, observed on [0,8):
        // length 0,1,2,1,0 over durations 1,1,2,2,2 -> integral 0+1+4+2+0 = 7, mean 7/8.
        var q = new TimeWeightedMonitor(S(0));
        q.Increment(S(1));
        q.Increment(S(2));
        q.Decrement(S(4));
        q.Decrement(S(6));
        Assert.Equal(0, q.Current);
        Assert.Equal(2, q.Max);
        Assert.Equal(7.0 / 8, q.Mean(S(8)), 12);
        q.Increment(S(8), 5);
        Assert.Equal(5, q.Current);
    }

    [Fact]
    public void Reset_keeps_the_current_value_and_restarts_the_window()
    {
        // Warm-up: 10 on [0,10), then 1 from t=10. Reset at 10, then 5 from 12, observed to 20:
        // 1 on [10,12), 5 on [12,20) -> integral 2 + 40 = 42, mean 4.2; min 1, max 5 (10 is forgotten).
        var m = new TimeWeightedMonitor(S(0), 10);
        m.Update(S(10), 1);
        m.Reset(S(10));
        Assert.Equal(1, m.Current);
        Assert.Equal(1, m.Min);
        Assert.Equal(1, m.Max);
        Assert.Equal(S(10), m.WindowStart);
        m.Update(S(12), 5);
        Assert.Equal(42, m.Integral(S(20)), 12);
        Assert.Equal(4.2, m.Mean(S(20)), 12);
        Assert.Equal(1, m.Min);
        Assert.Equal(5, m.Max);
    }

    [Fact]
    public void Reset_in_the_middle_of_a_held_value()
    {
        // 3 held from 0; reset at 4 (still 3); observed to 6: mean 3, integral 3 * 2 = 6, variance 0.
        var m = new TimeWeightedMonitor(S(0), 3);
        m.Reset(S(4));
        Assert.Equal(3, m.Mean(S(6)), 12);
        Assert.Equal(6, m.Integral(S(6)), 12);
        Assert.Equal(0, m.Variance(S(6)), 12);
    }

    [Fact]
    public void Empty_window_reports_current_value()
    {
        var m = new TimeWeightedMonitor(S(3), 7);
        Assert.Equal(7, m.Mean(S(3)));
        Assert.Equal(0, m.Variance(S(3)));
        Assert.Equal(0, m.Integral(S(3)));
    }

    [Fact]
    public void Zero_duration_values_count_for_extremes_but_not_averages()
    {
        // 9 is set and replaced at the same instant: max sees it, the mean does not.
        var m = new TimeWeightedMonitor(S(0), 1);
        m.Update(S(2), 9);
        m.Update(S(2), 1);
        Assert.Equal(9, m.Max);
        Assert.Equal(1, m.Mean(S(4)), 12);
    }

    [Fact]
    public void Time_must_not_go_backwards()
    {
        var m = new TimeWeightedMonitor(S(0));
        m.Update(S(5), 1);
        var e = Assert.Throws<ArgumentException>(() => m.Update(S(4), 2));
        Assert.Contains("backwards", e.Message);
        Assert.Throws<ArgumentException>(() => m.Mean(S(4)));
        Assert.Throws<ArgumentException>(() => m.Reset(S(4)));
        Assert.Equal(1, m.Current); // the failed update changed nothing
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Update(S(6), double.NaN));
    }

    [Fact]
    public void Updates_do_not_allocate()
    {
        var m = new TimeWeightedMonitor(SimTime.Zero);
        m.Increment(SimTime.FromNanoseconds(1L));
        long t = 2;
        Assert.Equal(0L, AllocationProbe.LeastBytes(() =>
        {
            for (long end = t + 10_000; t < end; t++)
            {
                if (t % 2 == 0) m.Increment(SimTime.FromNanoseconds(t));
                else m.Decrement(SimTime.FromNanoseconds(t));
            }
            m.Mean(SimTime.FromNanoseconds(t));
        }));
    }
}
