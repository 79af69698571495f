namespace IommuSim.Scenarios.Reports;

/// <summary>Writes a page's text with <c>\n</c> line ends whatever the system's, so the bytes are the same everywhere.</summary>
internal sealed class PageWriter(TextWriter output)
{
    /// <summary>Writes <paramref name="text"/> as it is.</summary>
    public void Text(string text) => output.Write(text);

    /// <summary>Writes <paramref name="text"/> and a <c>\n</c>.</summary>
    public void Line(string text)
    {
        output.Write(text);
        output.Write('\n');
    }
}
