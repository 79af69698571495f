using IommuSim.Pcie;

namespace IommuSim.Tests.Pcie;

public class DllpIntervalTests
{
    private static readonly int[] Widths = [1, 2, 4, 8, 16, 32];
    private static readonly int[] Payloads = [128, 256, 512, 1024, 2048, 4096];

    // pcie-model model/pcie.py Ack_Limits, rows x1..x32, columns MPS 128..4096, for Gen1, Gen2 and Gen3 (Gen4-5
    // repeat Gen3). Two entries differ between pcie-model's Ack_Limits and FC_Guide; the value here is the one of
    // the two that the spec's formula gives: Gen1 x32 MPS 2048 (Ack 148, FC 248) and Gen2 x32 MPS 4096 (Ack 237, FC 327).
    private static readonly int[][,] Tables =
    [
        new int[,]
        {
            { 237, 416, 559, 1071, 2095, 4143 }, { 128, 217, 289, 545, 1057, 2081 }, { 73, 118, 154, 282, 538, 1050 },
            { 67, 107, 86, 150, 278, 534 }, { 48, 72, 86, 150, 278, 534 }, { 33, 45, 52, 84, 148, 276 },
        },
        new int[,]
        {
            { 288, 467, 610, 1122, 2146, 4194 }, { 179, 268, 340, 596, 1108, 2132 }, { 124, 169, 205, 333, 589, 1101 },
            { 118, 158, 137, 201, 329, 585 }, { 99, 123, 137, 201, 329, 585 }, { 84, 96, 103, 135, 199, 327 },
        },
        new int[,]
        {
            { 333, 512, 655, 1167, 2191, 4239 }, { 224, 313, 385, 641, 1153, 2177 }, { 169, 214, 250, 378, 634, 1146 },
            { 163, 203, 182, 246, 374, 630 }, { 144, 168, 182, 246, 374, 630 }, { 129, 141, 148, 180, 244, 372 },
        },
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_intervals_are_pcie_models_tables(int generation)
    {
        var table = Tables[Math.Min(generation, 3) - 1];
        for (int w = 0; w < Widths.Length; w++)
            for (int m = 0; m < Payloads.Length; m++)
                Assert.True(table[w, m] == DllpIntervals.Symbols(generation, Widths[w], Payloads[m]),
                    $"Gen{generation} x{Widths[w]} MPS {Payloads[m]}: expected {table[w, m]}, got {DllpIntervals.Symbols(generation, Widths[w], Payloads[m])}");
    }

    [Fact]
    public void X12_follows_the_formula_with_the_wide_link_factors()
    {
        // Not in pcie-model. Gen3 x12: (128 + 28) x 3.0 / 12 + 115 = 154 at MPS 128; (512 + 28) x 2.0 / 12 + 115 = 205 at MPS 512.
        Assert.Equal(154, DllpIntervals.Symbols(3, 12, 128));
        Assert.Equal(205, DllpIntervals.Symbols(3, 12, 512));
    }
}
