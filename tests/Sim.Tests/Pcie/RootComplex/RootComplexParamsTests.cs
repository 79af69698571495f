using System.Reflection;
using System.Text.RegularExpressions;
using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Pcie;

namespace IommuSim.Tests.Pcie.RootComplex;

public class RootComplexParamsTests
{
    [Fact]
    public void Every_key_has_a_description_a_source_and_numeric_keys_a_range_holding_the_default()
    {
        var defaults = new RootComplexParams();
        var keys = new HashSet<string>();
        foreach (var property in typeof(RootComplexParams).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var param = property.GetCustomAttribute<ParamAttribute>();
            Assert.NotNull(param);
            Assert.Matches(new Regex("^[a-z][a-z0-9_]*$"), param.Key);
            Assert.True(keys.Add(param.Key), $"'{param.Key}' is declared twice");
            Assert.False(string.IsNullOrWhiteSpace(param.Description));
            Assert.False(string.IsNullOrWhiteSpace(param.Source), $"{property.Name} has no source");
            double? value = property.GetValue(defaults) switch
            {
                int i => i,
                double d => d,
                SimTime t => t.Picoseconds,
                _ => null,
            };
            if (value is not { } v) continue;
            Assert.False(double.IsNaN(param.Min) || double.IsNaN(param.Max), $"{property.Name} has no range");
            Assert.InRange(v, param.Min, param.Max);
        }
        Assert.Equal(9, keys.Count);
    }
}
