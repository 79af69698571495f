using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;
using IommuSim.Scenarios.Sharding;

namespace IommuSim.Scenarios.Tests.Sharding;

/// <summary>How the run grid is cut: <c>--shard I/N</c> as written, and every cell in exactly one shard.</summary>
public sealed class ShardIndexTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData("9999/10000", 9999, 10000)]
    public void Reads_I_of_N(string text, int index, int count)
    {
        Assert.Equal(new ShardIndex(index, count), ShardIndex.Parse(text, out string? problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("4/4", "shard 4 of 4; expected a shard from 0 to 3")]
    [InlineData("0/0", "0 shards; expected 1 to 10,000")]
    [InlineData("0/10001", "10001 shards; expected 1 to 10,000")]
    [InlineData("1", "expected I/N, shard I (from 0) of N, e.g. --shard 0/4")]
    [InlineData("-1/4", "expected I/N, shard I (from 0) of N, e.g. --shard 0/4")]
    [InlineData("a/b", "expected I/N, shard I (from 0) of N, e.g. --shard 0/4")]
    [InlineData(" 1/4", "expected I/N, shard I (from 0) of N, e.g. --shard 0/4")]
    public void Refuses_anything_else_saying_what_is_expected(string text, string message)
    {
        Assert.Null(ShardIndex.Parse(text, out string? problem));
        Assert.Equal(message, problem);
    }

    [Fact]
    public void Every_cell_lands_in_exactly_one_shard_for_1_to_64_shards()
    {
        // A sweep of 3 variants x 4 points with 5 replications: 60 cells, fewer than the largest N, so some shards are empty.
        var scenario = Load("""
            run: {duration: 1ms, warmup: 0ms, replications: 5}
            devices: [{name: d, type: dma-stream, rate: 1Gbps, size: 4KiB, buffers: 4, buffer_size: 4KiB}]
            variants: {strict: {host.mode: strict}, passthrough: {host.mode: passthrough}}
            sweep: {devices.d.size: [1KiB, 2KiB, 4KiB, 512B]}
            """);
        var grid = RunJob.For(scenario).Select(j => (j.Index, j.Variant.Name, j.Replication)).ToList();
        Assert.Equal(60, grid.Count);
        for (int n = 1; n <= 64; n++)
        {
            var dealt = Enumerable.Range(0, n).SelectMany(i => ShardRun.Jobs(scenario, new ShardIndex(i, n)).Select(j => (Shard: i, Cell: (j.Index, j.Variant.Name, j.Replication)))).ToList();
            Assert.Equal(grid, dealt.Select(d => d.Cell).Order());
            Assert.Equal(grid.Count, dealt.Select(d => d.Cell.Index).Distinct().Count());
            // Round robin: shard sizes differ by at most one, in grid order within each shard.
            var sizes = dealt.GroupBy(d => d.Shard).Select(g => g.Count()).ToList();
            Assert.True(sizes.Max() - (sizes.Count < n ? 0 : sizes.Min()) <= 1, $"N={n}: shard sizes {string.Join(",", sizes)}");
            Assert.All(dealt, d => Assert.Equal(d.Shard, d.Cell.Index % n));
        }
    }

    private static LoadedScenario Load(string yaml)
    {
        var outcome = ScenarioLoader.LoadText(yaml, "grid.yaml", [], null);
        Assert.True(outcome.Ok, string.Join("\n", outcome.Problems));
        return outcome.Scenario!;
    }
}
