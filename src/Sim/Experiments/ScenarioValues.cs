using System.Collections;
using System.Globalization;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;
using YamlDotNet.Core;

namespace IommuSim.Experiments;

/// <summary>
/// C# values as the document nodes a scenario file would hold, so that values set in code are read, checked and
/// described by the same binder as the files: a string is the text of one value (never YAML), quantities and
/// enums are written as a file writes them (<c>4KiB</c>, <c>10Gbps</c>, <c>strict</c>), spec records with all
/// their keys, lists and dictionaries item by item.
/// </summary>
internal static class ScenarioValues
{
    public static SpecNode Node(object? value, SourceLocation at, ProblemList problems)
    {
        switch (value)
        {
            case null:
                return new ScalarNode("", true, at);
            case string text:
                // The text itself, never YAML: "a: b" is a description, not a mapping; null (not "null") unsets a value.
                return new ScalarNode(text, false, at);
            case bool flag:
                return new ScalarNode(flag ? "true" : "false", false, at);
            case IDictionary map:
                var entries = new List<MapEntry>();
                foreach (DictionaryEntry e in map)
                    entries.Add(new MapEntry(new ScalarNode(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? "", false, at), Node(e.Value, at, problems)));
                return new MapNode(entries, at);
            case IEnumerable items:
                return new ListNode(items.Cast<object?>().Select(i => Node(i, at, problems)).ToList(), at);
        }
        if (value is IFormattable and (sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal))
            return new ScalarNode(((IFormattable)value).ToString(value is double or float ? "R" : null, CultureInfo.InvariantCulture), false, at);
        SpecType type;
        try
        {
            type = SpecTypes.Of(value.GetType());
        }
        catch (InvalidOperationException)
        {
            problems.Add(at, $"a {value.GetType().Name} is not a scenario value; expected text, a number, true/false, an enum, SimTime, ByteSize, BitRate, a spec record, a list or a dictionary");
            return ScalarNode.Plain("", at);
        }
        if (type is ScalarSpecType scalar) return new ScalarNode(scalar.Format(value), false, at);
        return Record(value, type, at, problems);
    }

    // A spec record through the same emitter as scenario.resolved.yaml, read back as a tree.
    private static SpecNode Record(object value, SpecType type, SourceLocation at, ProblemList problems)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new YamlDotNet.Core.Events.StreamStart());
        emitter.Emit(new YamlDotNet.Core.Events.DocumentStart(null, null, true));
        new SpecYamlEmitter(emitter).Value(value, type);
        emitter.Emit(new YamlDotNet.Core.Events.DocumentEnd(true));
        emitter.Emit(new YamlDotNet.Core.Events.StreamEnd());
        return YamlTreeReader.Read(text.ToString(), at.Source, problems, positions: false) ?? ScalarNode.Plain("", at);
    }
}
