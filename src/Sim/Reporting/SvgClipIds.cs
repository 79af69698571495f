using System.Globalization;
using System.Text.RegularExpressions;

namespace IommuSim.Reporting;

/// <summary>
/// Skia's SVG canvas names clip paths from a counter shared by the whole process (<c>cl_e</c>, then <c>cl_12</c> for
/// the same chart drawn again), so the same chart would not give the same SVG twice. Renumbering them in order of
/// appearance makes the document depend on the chart alone.
/// </summary>
internal static partial class SvgClipIds
{
    [GeneratedRegex("(?<=id=\"|url\\(#)cl_[0-9a-f]+(?=[\")])")]
    private static partial Regex ClipId();

    /// <summary><paramref name="svg"/> with its clip-path ids renamed <c>cl_0</c>, <c>cl_1</c>, ... in order of first appearance.</summary>
    internal static string Renumber(string svg)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!names.TryGetValue(m.Value, out string? name))
            {
                name = "cl_" + names.Count.ToString(CultureInfo.InvariantCulture);
                names.Add(m.Value, name);
            }
            return name;
        });
    }
}
