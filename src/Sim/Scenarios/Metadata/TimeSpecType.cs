using IommuSim.Kernel;

namespace IommuSim.Scenarios.Metadata;

/// <summary>A <see cref="SimTime"/>: <c>90ns</c>, <c>10ms</c>; bounds compare in picoseconds.</summary>
internal sealed class TimeSpecType : UnitSpecType
{
    public TimeSpecType() : base(typeof(SimTime)) { }

    public override string Expected => "a time with a unit (ps, ns, us, ms, s), e.g. 90ns";
    public override string Label => "time";
    public override string Pattern => @"^\s*" + NumberPattern + @"\s*(ps|ns|us|µs|ms|s)\s*$";

    protected override bool TryParseQuantity(string text, out object value, out string error)
    {
        bool ok = SimTime.TryParse(text, out var t, out error);
        value = t;
        return ok;
    }

    public override string Format(object? value) => ((SimTime)value!).ToString();
    public override double? Magnitude(object value) => ((SimTime)value).Picoseconds;
    public override string FormatBound(double bound) => new SimTime((long)bound).ToString();
}
