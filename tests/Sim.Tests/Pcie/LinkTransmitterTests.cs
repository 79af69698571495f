using IommuSim.Kernel;
using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Tests.Pcie;

public class LinkTransmitterTests
{
    private static SimTime Ns(long n) => SimTime.FromNanoseconds(n);

    // 8 Gb/s moves one byte per nanosecond.
    private static LinkTransmitter OneBytePerNs() => new(BitRate.FromGbps(8));

    [Fact]
    public void Back_to_back_transmissions_finish_at_the_sum_of_their_times()
    {
        var link = OneBytePerNs();
        Assert.Equal(Ns(1000), link.Transmit(Ns(0), 1000));
        Assert.Equal(Ns(1500), link.Transmit(Ns(0), 500));
        Assert.Equal(Ns(1750), link.Transmit(Ns(200), 250));   // offered while busy: queued behind
        Assert.Equal(Ns(1750), link.FreeAt);
    }

    [Fact]
    public void A_gap_leaves_the_link_idle()
    {
        var link = OneBytePerNs();
        Assert.Equal(Ns(1000), link.Transmit(Ns(0), 1000));
        Assert.Equal(Ns(4000), link.Transmit(Ns(3000), 1000)); // starts at 3000, not at 1000
        Assert.Equal(Ns(2000), link.BusyTime(Ns(5000)));
        Assert.Equal(0.4, link.Utilisation(Ns(5000)), 12);
    }

    [Fact]
    public void Utilisation_is_busy_time_over_the_window()
    {
        var link = OneBytePerNs();
        link.Transmit(Ns(0), 600);      // busy 0-600
        link.Transmit(Ns(1000), 600);   // busy 1000-1600
        // At 1300 the second is half done: busy 600 + 300 of 1300.
        Assert.Equal(Ns(900), link.BusyTime(Ns(1300)));
        Assert.Equal(900.0 / 1300, link.Utilisation(Ns(1300)), 12);
        // A new window at 1300 counts the 300 ns still ahead; by 2300: 300 of 1000.
        link.ResetStatistics(Ns(1300));
        Assert.Equal(0, link.Transmissions);
        Assert.Equal(Ns(300), link.BusyTime(Ns(2300)));
        Assert.Equal(0.3, link.Utilisation(Ns(2300)), 12);
    }

    [Fact]
    public void The_clock_does_not_round_per_transmission()
    {
        // At 7 Gb/s a byte takes 8/7 ns = 1142.857... ps. A thousand back-to-back bytes end at 1,142,857.14 ps,
        // reported as the next whole picosecond; rounding each up would give 1,143,000.
        var link = new LinkTransmitter(BitRate.FromGbps(7));
        SimTime last = default;
        for (int i = 0; i < 1000; i++) last = link.Transmit(SimTime.Zero, 1);
        Assert.Equal(SimTime.FromPicoseconds(1_142_858), last);
    }

    [Fact]
    public void An_offer_dated_before_an_earlier_one_is_served_after_it()
    {
        var link = OneBytePerNs();
        Assert.Equal(Ns(11), link.Transmit(Ns(10), 1));
        // Dated 5 ns but offered second: FIFO in call order, so it crosses after the first, 11 to 13 ns.
        Assert.Equal(Ns(13), link.Transmit(Ns(5), 2));
    }
}
