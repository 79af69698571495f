namespace IommuSim.Scenarios.Sharding;

/// <summary>
/// <c>shard.json</c>: what one shard of a sharded run is, for <c>iommusim merge</c> to check before it trusts the
/// results beside it: the tool that ran it, the scenario (text and changes) and its hash, the shard, and its cells.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="FormatVersion">Always <see cref="CurrentVersion"/>; another version is another layout.</param>
/// <param name="ToolVersion">The iommusim that ran the shard; merge takes only its own version's shards (the outputs name it).</param>
/// <param name="ScenarioSha256">The scenario's <see cref="ShardScenario.Sha256"/>.</param>
/// <param name="Scenario">The scenario as the single run would load it.</param>
/// <param name="Shard">This shard's index, from 0.</param>
/// <param name="Shards">How many shards there are.</param>
/// <param name="TotalCells">The cells of the whole run grid (every variant's replications).</param>
/// <param name="Cells">This shard's cells, in grid order; their results are in results.json in this order.</param>
internal sealed record ShardManifest(string Format, int FormatVersion, string ToolVersion, string ScenarioSha256, ShardScenario Scenario,
    int Shard, int Shards, int TotalCells, IReadOnlyList<ShardCell> Cells)
{
    public const string FileName = "shard.json";
    public const string FormatName = "iommusim-shard";
    public const int CurrentVersion = 1;
}
