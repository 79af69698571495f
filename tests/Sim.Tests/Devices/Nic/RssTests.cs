using IommuSim.Devices.Nic;
using IommuSim.Kernel.Randomness;

namespace IommuSim.Tests.Devices.Nic;

public class RssTests
{
    [Theory]
    [InlineData(1024, 8, 128)]   // the defaults: 128 flows a queue
    [InlineData(96, 3, 128)]     // fewer flows than entries: 32 each
    [InlineData(64, 4, 512)]
    [InlineData(7, 7, 128)]
    public void Uniform_mapping_gives_every_queue_flows_over_queues(int flows, int queues, int table)
    {
        var rss = new RssIndirection(queues, table);
        var perQueue = new int[queues];
        for (int f = 0; f < flows; f++) perQueue[rss.QueueOf(f)]++;
        Assert.All(perQueue, n => Assert.Equal(flows / queues, n));
    }

    [Fact]
    public void The_default_table_over_three_queues_is_itself_uneven()
    {
        // 128 entries, entry i -> queue i mod 3: 128 = 3 x 42 + 2, so queues 0 and 1 get 43 entries and queue 2 gets 42.
        var rss = new RssIndirection(3, 128);
        var perQueue = new int[3];
        for (int f = 0; f < 128; f++) perQueue[rss.QueueOf(f)]++;
        Assert.Equal([43, 43, 42], perQueue);
        Assert.Equal(rss.QueueOf(5), rss.QueueOf(5 + 128));   // a flow's queue is fixed by its bucket
    }

    [Fact]
    public void Zipf_skew_gives_the_busiest_queue_the_share_of_its_flows_weights()
    {
        // 8 flows over 4 queues: flow f -> queue f mod 4, so queue 0 carries flows 0 and 4, Zipf ranks 1 and 5.
        // With s = 1 its share is (1 + 1/5) / H8, H8 = 1 + 1/2 + ... + 1/8 = 761/280: (6/5)(280/761) = 336/761 = 0.44152.
        var flows = new FlowSelector(new RandomStream("flows", 21), flows: 8, skew: 1.0);
        var rss = new RssIndirection(4, 128);
        const int n = 200_000;
        var perQueue = new int[4];
        for (int i = 0; i < n; i++) perQueue[rss.QueueOf(flows.Next())]++;
        const double p = 336.0 / 761.0;
        double bound = 4 * Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(perQueue[0] / (double)n, p - bound, p + bound);
        Assert.Equal(0, perQueue.ToList().IndexOf(perQueue.Max()));
    }

    [Fact]
    public void Without_skew_flows_are_equally_likely()
    {
        var flows = new FlowSelector(new RandomStream("flows", 4), flows: 16, skew: 0);
        const int n = 160_000;
        var counts = new int[16];
        for (int i = 0; i < n; i++) counts[flows.Next()]++;
        // Each count is binomial(n, 1/16): mean 10,000, sd sqrt(n p (1 - p)) = 96.8; 5 sd covers all 16 at once.
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 5 * 96.8, 10_000 + 5 * 96.8));
    }
}
