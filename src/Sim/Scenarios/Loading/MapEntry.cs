namespace IommuSim.Scenarios.Loading;

/// <summary>One key and its value in a <see cref="MapNode"/>.</summary>
internal sealed record MapEntry(ScalarNode Key, SpecNode Value);
