namespace IommuSim.Parameters;

/// <summary>The spelling of an enum member in scenario files, when not its kebab-case name.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class SpecNameAttribute : Attribute
{
    /// <summary>Spells the member as <paramref name="name"/>.</summary>
    public SpecNameAttribute(string name) => Name = name;

    /// <summary>The spelling in scenario files.</summary>
    public string Name { get; }
}
