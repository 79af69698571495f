using System.Reflection;
using Plotly.NET;

namespace IommuSim.Scenarios.Reports;

/// <summary>
/// The plotly.js bundle that Plotly.NET ships inside its assembly (what it embeds for
/// <c>PlotlyJSReference.Full</c>), with its licence notices, ready to inline in a report: no copy of our own to
/// keep in step, and no request to a CDN.
/// </summary>
internal static class PlotlyJs
{
    private const string Prefix = "Plotly.NET.plotly-";
    private const string Suffix = ".min.js";

    private static readonly Lazy<(string Version, string Source)> Bundle = new(Load);

    /// <summary>The plotly.js version, e.g. <c>2.28.0</c>.</summary>
    public static string Version => Bundle.Value.Version;

    /// <summary>The licence notices followed by the minified library, safe inside an inline script element.</summary>
    public static string Source => Bundle.Value.Source;

    private static (string, string) Load()
    {
        Assembly assembly = typeof(GenericChart).Assembly;
        string? name = null;
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(Prefix, StringComparison.Ordinal) && resource.EndsWith(Suffix, StringComparison.Ordinal))
                name = resource;
        }
        if (name is null) throw new InvalidOperationException($"{assembly.GetName().Name} holds no {Prefix}*{Suffix} resource");
        string version = name[Prefix.Length..^Suffix.Length];
        string library = Read(assembly, name)
            ?? throw new InvalidOperationException($"resource {name} cannot be read");
        // The bundle points at its LICENSE.txt for the notices of what it contains; the report carries them itself.
        // They are /*! ... */ comments, valid JavaScript as they stand.
        string notices = Read(assembly, name + ".LICENSE.txt") ?? "";
        return (version, ScriptText.Code(notices + "\n" + library));
    }

    private static string? Read(Assembly assembly, string name)
    {
        using Stream? stream = assembly.GetManifestResourceStream(name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
