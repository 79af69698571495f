using System.Reflection;

namespace IommuSim.Scenarios;

/// <summary>The version of this tool as written into outputs: the assembly's informational version.</summary>
internal static class ToolVersion
{
    /// <summary>For example <c>0.1.0+4f2c1e9</c> (the source commit, when the build knows it).</summary>
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString(3)
        ?? "unknown";
}
