using IommuSim.Scenarios.Metadata;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IommuSim.Scenarios.Metadata;

/// <summary>
/// Writes bound spec values back as YAML through the metadata, every key with its value (defaults
/// included), in declaration order, so the text binds back to an equal spec.
/// </summary>
internal sealed class SpecYamlEmitter
{
    private readonly IEmitter _emitter;

    public SpecYamlEmitter(IEmitter emitter) => _emitter = emitter;

    /// <summary>Emits a plain mapping key.</summary>
    public void Key(string key) => _emitter.Emit(new Scalar(null, null, key, ScalarStyle.Any, true, true));

    /// <summary>Emits free text, quoted so that it reads back as text whatever it looks like.</summary>
    public void Text(string text) => _emitter.Emit(new Scalar(null, null, text, ScalarStyle.DoubleQuoted, false, true));

    /// <summary>Emits a bare flag.</summary>
    public void Flag(bool value) => _emitter.Emit(new Scalar(value ? "true" : "false"));

    /// <summary>Starts a block mapping.</summary>
    public void BeginMapping() => _emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));

    /// <summary>Ends a mapping.</summary>
    public void EndMapping() => _emitter.Emit(new MappingEnd());

    /// <summary>Emits the keys of <paramref name="record"/> (without the surrounding mapping events).</summary>
    public void Keys(object record, RecordSpecType type)
    {
        if (type.VariantName is not null)
        {
            Key(SpecTypes.TypeKey);
            _emitter.Emit(new Scalar(type.VariantName));
        }
        foreach (var param in type.Params)
        {
            Key(param.Key);
            Value(param.Property.GetValue(record), param.Type);
        }
    }

    /// <summary>Emits <paramref name="value"/> as <paramref name="type"/> describes it.</summary>
    public void Value(object? value, SpecType type)
    {
        switch (type)
        {
            case ScalarSpecType scalar:
                string text = scalar.Format(value);
                bool quote = value is not null && scalar.NeedsQuotes;
                _emitter.Emit(new Scalar(null, null, text, quote ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain, !quote, quote));
                break;
            case RecordSpecType record:
                BeginMapping();
                Keys(value!, record);
                EndMapping();
                break;
            case VariantSpecType variant:
                BeginMapping();
                Keys(value!, variant.Of(value!.GetType()));
                EndMapping();
                break;
            case ListSpecType list:
                var items = ((System.Collections.IEnumerable)value!).Cast<object?>().ToList();
                _emitter.Emit(new SequenceStart(null, null, true, items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in items) Value(item, list.Element);
                _emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new InvalidOperationException($"no YAML form for {type.GetType().Name}");
        }
    }
}
