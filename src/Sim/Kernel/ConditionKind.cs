namespace IommuSim.Kernel;

/// <summary>How a <see cref="Condition"/> combines its events.</summary>
public enum ConditionKind
{
    /// <summary>Succeeds when every event has succeeded.</summary>
    AllOf,
    /// <summary>Succeeds when at least one event has succeeded.</summary>
    AnyOf,
}
