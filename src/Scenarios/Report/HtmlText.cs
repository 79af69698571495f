using System.Text;

namespace IommuSim.Scenarios.Reports;

/// <summary>Text made safe for an HTML page: element content and quoted attribute values.</summary>
internal static class HtmlText
{
    /// <summary>
    /// <paramref name="text"/> with the five characters HTML gives meaning to written as character references, so that
    /// it reads as written both between tags and inside a quoted attribute.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }
}
