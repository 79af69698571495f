using IommuSim.Devices.Nic;

namespace IommuSim.Tests.Devices.Nic;

public class FrameSizeCdfParserTests
{
    [Fact]
    public void A_valid_file_with_comments_blank_lines_tabs_and_commas_parses()
    {
        const string text = "# size  cdf\n\n60\t0.5   # minimum frames\r\n590, 0.8\n   1514 1\n";
        var result = FrameSizeCdfParser.Parse(text);
        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
        Assert.Equal([60, 590, 1514], result.Distribution!.Sizes.ToArray());
        Assert.Equal([0.5, 0.8, 1.0], result.Distribution.Cumulative.ToArray());
    }

    // Each bad input names the line and the column of the offending field (both from 1).
    [Theory]
    [InlineData("60 0.5\n50 1\n", 2, 1, "outside 60..9216")]                         // size too small
    [InlineData("60 0.5\n9217 1\n", 2, 1, "outside 60..9216")]                       // size too large
    [InlineData("60 0.5\n590 0.7\n590 1\n", 3, 1, "sizes must increase")]             // size repeated
    [InlineData("60 0.5\n590 0.4\n1514 1\n", 2, 5, "must not decrease")]              // CDF decreasing
    [InlineData("60 -0.1\n1514 1\n", 1, 4, "outside 0..1")]                           // probability below 0
    [InlineData("60 0.5\n  1514 1.5\n", 2, 8, "outside 0..1")]                        // probability above 1
    [InlineData("60 0.5\n1514 0.9 # truncated\n", 2, 6, "expected 1")]               // last is not 1
    [InlineData("# only a comment\n\n", 1, 1, "no points")]                          // empty
    [InlineData("", 1, 1, "no points")]                                               // empty file
    [InlineData("60 0.5\n1514\n", 2, 5, "two fields")]                                // missing field, at the line's end
    [InlineData("60 0.5 x\n1514 1\n", 1, 8, "two fields")]                            // extra field
    [InlineData("60.5 0.5\n1514 1\n", 1, 1, "not a whole number")]
    [InlineData("60 half\n1514 1\n", 1, 4, "not a number")]
    public void Each_kind_of_bad_input_is_reported_at_its_line_and_column(string text, int line, int column, string message)
    {
        var result = FrameSizeCdfParser.Parse(text);
        Assert.False(result.IsValid);
        Assert.Null(result.Distribution);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Contains(message, problem.Message);
        Assert.StartsWith($"line {line}, column {column}: ", problem.ToString());
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var result = FrameSizeCdfParser.Parse("40 0.5\n590 2\n1514 0.9\n");
        Assert.Equal([(1, 1), (2, 5), (3, 6)], result.Problems.Select(p => (p.Line, p.Column)));
    }

    [Fact]
    public void A_missing_file_is_a_problem_not_an_exception()
    {
        var result = FrameSizeCdfParser.ParseFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "none.cdf"));
        var problem = Assert.Single(result.Problems);
        Assert.Contains("cannot read", problem.Message);
    }
}
