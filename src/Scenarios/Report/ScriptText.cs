using System.Text;

namespace IommuSim.Scenarios.Reports;

/// <summary>Code and JSON made safe inside an inline <c>&lt;script&gt;</c> element.</summary>
internal static class ScriptText
{
    /// <summary>
    /// <paramref name="json"/> with <c>&lt; &gt; &amp;</c> and the two JavaScript line separators written as
    /// <c>\uXXXX</c> escapes. In JSON these characters occur only inside strings, where the escape means the same
    /// character, so the value is unchanged; but no <c>&lt;/script&gt;</c> or <c>&lt;!--</c> in a title can end or
    /// bend the script element.
    /// </summary>
    public static string Json(string json)
    {
        var safe = new StringBuilder(json.Length + 16);
        foreach (char c in json)
        {
            switch (c)
            {
                case '<': safe.Append("\\u003c"); break;
                case '>': safe.Append("\\u003e"); break;
                case '&': safe.Append("\\u0026"); break;
                case '\u2028': safe.Append("\\u2028"); break;
                case '\u2029': safe.Append("\\u2029"); break;
                default: safe.Append(c); break;
            }
        }
        return safe.ToString();
    }

    /// <summary>
    /// JavaScript source with every <c>&lt;/script</c> written <c>&lt;\/script</c>. Such text can stand only in a
    /// string, a regular expression or a comment, where <c>\/</c> means <c>/</c>; unescaped it would end the element.
    /// </summary>
    public static string Code(string source) =>
        source.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
}
