using IommuSim.Parameters;
using System.Globalization;

namespace IommuSim.Devices.Nic;

/// <summary>
/// Reads a frame-size CDF file: one point a line, two fields separated by spaces, tabs or a comma: the frame
/// length in bytes (driver view, no FCS: 60..9216) and P(length ≤ that size). Text from '#' to the end of a
/// line is a comment; blank lines are skipped. Sizes must increase, probabilities lie in [0, 1], never
/// decrease, and the last is 1. Mistakes come back as problems with line and column, never as exceptions.
/// </summary>
public static class FrameSizeCdfParser
{
    /// <summary>Parses <paramref name="text"/>, reporting every problem.</summary>
    public static FrameSizeCdfParse Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<CdfProblem>();
        var points = new List<(int Size, double Cumulative)>();
        int lastSize = int.MinValue, lastLine = 0, lastProbabilityColumn = 0;
        double lastProbability = double.NaN;
        bool lastLineAccepted = false;   // a rejected last line has its own problem; "last is not 1" would only repeat it
        string[] lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var fields = Fields(line);
            if (fields.Count == 0) continue;
            int lineNo = n + 1;
            if (fields.Count != 2)
            {
                int column = fields.Count > 2 ? fields[2].Column : line.Length + 1;
                problems.Add(new CdfProblem(lineNo, column,
                    $"expected two fields (size in bytes, cumulative probability), found {fields.Count}"));
                lastLineAccepted = false;
                continue;
            }
            var (sizeText, sizeColumn) = fields[0];
            var (pText, pColumn) = fields[1];
            bool ok = true;
            if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                problems.Add(new CdfProblem(lineNo, sizeColumn, $"size '{sizeText}' is not a whole number of bytes"));
                ok = false;
            }
            else if (FrameSizeDistribution.SizeProblem(size) is { } sizeProblem)
            {
                problems.Add(new CdfProblem(lineNo, sizeColumn, sizeProblem));
                ok = false;
            }
            else if (size <= lastSize)
            {
                problems.Add(new CdfProblem(lineNo, sizeColumn, $"size {size} is not larger than {lastSize} on line {lastLine}: sizes must increase"));
                ok = false;
            }
            if (!double.TryParse(pText, NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
            {
                problems.Add(new CdfProblem(lineNo, pColumn, $"cumulative probability '{pText}' is not a number"));
                ok = false;
            }
            else if (FrameSizeDistribution.ProbabilityProblem(p) is { } pProblem)
            {
                problems.Add(new CdfProblem(lineNo, pColumn, pProblem));
                ok = false;
            }
            else if (p < lastProbability)
            {
                problems.Add(new CdfProblem(lineNo, pColumn,
                    $"cumulative probability {Format(p)} is below {Format(lastProbability)} on line {lastLine}: the CDF must not decrease"));
                ok = false;
            }
            lastLineAccepted = ok;
            if (!ok) continue;
            points.Add(((int)size, p));
            lastSize = (int)size;
            lastProbability = p;
            lastLine = lineNo;
            lastProbabilityColumn = pColumn;
        }
        if (points.Count == 0 && problems.Count == 0)
            problems.Add(new CdfProblem(1, 1, "no points: expected lines of 'size cumulative-probability', e.g. '60 0.5'"));
        else if (lastLineAccepted && Math.Abs(lastProbability - 1.0) > FrameSizeDistribution.Tolerance)
            problems.Add(new CdfProblem(lastLine, lastProbabilityColumn,
                $"the last cumulative probability is {Format(lastProbability)}, expected 1 (every frame is at most the largest size)"));
        if (problems.Count > 0) return new FrameSizeCdfParse(null, problems);
        if (!FrameSizeDistribution.TryCreate(points.ToArray(), out var distribution, out string error))
            throw new InvalidOperationException("the parser accepted points the distribution rejects: " + error);
        return new FrameSizeCdfParse(distribution, problems);
    }

    /// <summary>The largest CDF file read: 1 MiB, tens of thousands of lines.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>
    /// Reads and parses the CDF file at <paramref name="path"/>, a regular file of at most <see cref="MaxFileBytes"/>; a
    /// file that cannot be read is one problem at line 1, column 1.
    /// </summary>
    public static FrameSizeCdfParse ParseFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            // A regular file of a sensible size: a device such as /dev/zero would be read forever.
            if (FileType.NotRegular(path) is { } special) return new FrameSizeCdfParse(null, [new CdfProblem(1, 1, special + "; expected a CDF file")]);
            if (new FileInfo(path).Length > MaxFileBytes)
                return new FrameSizeCdfParse(null, [new CdfProblem(1, 1, $"the CDF file is larger than {MaxFileBytes >> 20} MiB; expected a table of sizes and probabilities")]);
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new FrameSizeCdfParse(null, [new CdfProblem(1, 1, $"cannot read the CDF file: {e.Message}")]);
        }
        return Parse(text);
    }

    private static string Format(double p) => p.ToString("R", CultureInfo.InvariantCulture);

    // Fields and their 1-based columns; separators are whitespace and commas.
    private static List<(string Text, int Column)> Fields(string line)
    {
        var fields = new List<(string, int)>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && IsSeparator(line[i])) i++;
            if (i >= line.Length) break;
            int start = i;
            while (i < line.Length && !IsSeparator(line[i])) i++;
            fields.Add((line[start..i], start + 1));
        }
        return fields;
    }

    private static bool IsSeparator(char c) => c == ',' || char.IsWhiteSpace(c);
}
