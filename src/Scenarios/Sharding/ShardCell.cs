namespace IommuSim.Scenarios.Sharding;

/// <summary>One cell of the run grid a shard ran: its place in the single run's outputs, its variant and replication.</summary>
internal sealed record ShardCell(int Index, string Variant, int Replication);
