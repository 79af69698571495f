using IommuSim.Kernel;
using IommuSim.Pcie;

namespace IommuSim.Tests.Pcie.RootComplex;

public class CreditPoolTests
{
    private static SimTime Ns(long n) => SimTime.FromNanoseconds(n);

    private sealed record Log(Simulation Sim, List<(long Arg, long Ns)> Grants);

    private static readonly Action<object?, long> Record = static (s, arg) =>
    {
        var log = (Log)s!;
        log.Grants.Add((arg, log.Sim.Now.Picoseconds / SimTime.PsPerNs));
    };

    [Fact]
    public void A_request_for_k_credits_blocks_those_behind_it_and_releases_wake_waiters_in_order()
    {
        var sim = new Simulation();
        var pool = new CreditPool(sim, 10);
        var log = new Log(sim, []);
        pool.Acquire(6, Record, log, 1);                   // A: 6 of 10, granted at 0
        pool.Acquire(6, Record, log, 2);                   // B: only 4 free, waits
        pool.Acquire(1, Record, log, 3);                   // C: 1 would fit, but waits behind B (in order)
        Assert.False(pool.TryAcquire(1));                  // nor may anyone jump the queue
        Assert.Equal(2, pool.QueueLength);
        Assert.Equal(6, pool.InUse);
        sim.Schedule(Ns(100), _ => pool.Release(6), null); // A done: B then C, both at 100 ns
        sim.Schedule(Ns(200), _ => pool.Release(6), null); // B done
        sim.Schedule(Ns(300), _ => pool.Release(1), null); // C done
        sim.Run();
        Assert.Equal([(1, 0), (2, 100), (3, 100)], log.Grants);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(3, pool.Grants);
        Assert.Equal(2, pool.Waits);
        Assert.Equal(Ns(200), pool.WaitTime);              // B and C waited 100 ns each
        Assert.Equal(new SimTime(200_000 / 3), pool.MeanWait);
    }

    [Fact]
    public void A_release_grants_only_as_many_head_waiters_as_fit()
    {
        var sim = new Simulation();
        var pool = new CreditPool(sim, 4);
        var log = new Log(sim, []);
        Assert.True(pool.TryAcquire(4));
        pool.Acquire(2, Record, log, 1);
        pool.Acquire(3, Record, log, 2);
        pool.Acquire(1, Record, log, 3);
        sim.Schedule(Ns(10), _ => pool.Release(3), null);  // 3 free: the 2 goes, the 3 does not fit (1 free), so the 1 waits too
        sim.Schedule(Ns(20), _ => pool.Release(1), null);  // 2 free: still not 3
        sim.Schedule(Ns(30), _ => pool.Release(2), null);  // the first waiter's 2 back: 4 free: the 3, then the 1
        sim.Run();
        Assert.Equal([(1, 10), (2, 30), (3, 30)], log.Grants);
        Assert.Equal(4, pool.InUse);
    }

    [Fact]
    public void Occupancy_mean_over_a_window_is_the_integral_computed_by_hand()
    {
        var sim = new Simulation();
        var pool = new CreditPool(sim, 10);
        var log = new Log(sim, []);
        pool.Acquire(6, Record, log, 1);
        pool.Acquire(6, Record, log, 2);
        pool.Acquire(1, Record, log, 3);
        sim.Schedule(Ns(100), _ => pool.Release(6), null);
        sim.Schedule(Ns(200), _ => pool.Release(6), null);
        sim.Schedule(Ns(300), _ => pool.Release(1), null);
        sim.Run(Ns(400));
        // 6 credits for 100 ns, 7 for 100 ns, 1 for 100 ns, 0 for 100 ns: 1400 credit-ns over 400 ns.
        Assert.Equal(1400e-9, pool.Occupancy.Integral(sim.Now), 15);
        Assert.Equal(3.5, pool.Occupancy.Mean(sim.Now), 12);

        // A new window: 2 credits held from 500 to 800 ns, observed until 1000 ns: 600 credit-ns over 600 ns.
        pool.ResetStatistics();
        sim.Schedule(Ns(100), _ => pool.Acquire(2, Record, log, 4), null);
        sim.Schedule(Ns(400), _ => pool.Release(2), null);
        sim.Run(Ns(1000));
        Assert.Equal(1.0, pool.Occupancy.Mean(sim.Now), 12);
        Assert.Equal(1, pool.Grants);
        Assert.Equal(0, pool.Waits);
    }

    [Fact]
    public void A_wait_that_spans_the_end_of_warm_up_counts_only_its_part_in_the_window()
    {
        var sim = new Simulation();
        var pool = new CreditPool(sim, 2);
        var log = new Log(sim, []);
        Assert.True(pool.TryAcquire(2));
        pool.Acquire(1, Record, log, 1);                   // waits from 0
        sim.Run(Ns(50));
        pool.ResetStatistics();                            // the window starts at 50 ns
        sim.Schedule(Ns(30), _ => pool.Release(2), null);  // granted at 80 ns: 30 ns of it in the window
        sim.Run();
        Assert.Equal(Ns(30), pool.WaitTime);
        Assert.Equal(1, pool.Grants);
        Assert.Equal(0, pool.Waits);                       // it started waiting before the window
    }

    [Fact]
    public void Impossible_requests_and_releases_are_refused()
    {
        var sim = new Simulation();
        var pool = new CreditPool(sim, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.TryAcquire(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Acquire(0, Record, null, 0));
        Assert.True(pool.TryAcquire(3));
        Assert.Throws<InvalidOperationException>(() => pool.Release(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CreditPool(sim, 0));
    }
}
