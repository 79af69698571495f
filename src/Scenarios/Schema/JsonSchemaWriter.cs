using System.Text.Json;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Schema;

/// <summary>
/// The JSON Schema (draft 2020-12) of scenario files, generated from the metadata table: each record a
/// <c>$defs</c> entry with its keys, descriptions, defaults, unit patterns, enums, required keys and
/// <c>additionalProperties: false</c>; polymorphic items a <c>oneOf</c> over their <c>type</c> kinds.
/// </summary>
internal static class JsonSchemaWriter
{
    public const string Draft = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The schema as indented JSON text, ending with a newline.</summary>
    public static string Generate() => JsonText.Write(json => new Generator(json).Write()) + "\n";

    private sealed class Generator(Utf8JsonWriter json)
    {
        // Records and polymorphic bases still to define, by $defs name, in first-reference order.
        private readonly List<(string Name, SpecType Type)> _pending = [];
        private readonly Dictionary<string, Type> _named = new(StringComparer.Ordinal);

        public void Write()
        {
            var root = SpecTypes.Scenario;
            json.WriteStartObject();
            json.WriteString("$schema", Draft);
            json.WriteString("title", "IommuSim scenario");
            json.WriteString("description", "A scenario for iommusim: platform, host policy, devices, run settings, variants and sweeps. " +
                                            "Values with units are strings: 90ns, 4KiB, 10Gbps.");
            WriteRecordBody(root, extraRootKeys: true);
            json.WriteStartObject("$defs");
            for (int i = 0; i < _pending.Count; i++)
            {
                var (name, type) = _pending[i];
                json.WriteStartObject(name);
                if (type is VariantSpecType variant) WriteVariantBase(variant);
                else WriteRecordBody((RecordSpecType)type, extraRootKeys: false);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private void WriteRecordBody(RecordSpecType record, bool extraRootKeys)
        {
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            if (record.VariantName is not null)
            {
                json.WriteStartObject(SpecTypes.TypeKey);
                json.WriteString("description", "The kind of item.");
                json.WriteString("const", record.VariantName);
                json.WriteEndObject();
            }
            foreach (var param in record.Params)
            {
                json.WriteStartObject(param.Key);
                WriteParam(param);
                json.WriteEndObject();
            }
            if (extraRootKeys) WriteFileKeys();
            json.WriteEndObject();
            var required = record.Params.Where(p => p.Attribute.Required).Select(p => p.Key).ToList();
            if (record.VariantName is not null) required.Insert(0, SpecTypes.TypeKey);
            if (required.Count > 0)
            {
                json.WriteStartArray("required");
                foreach (var key in required) json.WriteStringValue(key);
                json.WriteEndArray();
            }
            json.WriteBoolean("additionalProperties", false);
        }

        private void WriteVariantBase(VariantSpecType variant)
        {
            json.WriteString("description", $"A {variant.Noun}; its '{SpecTypes.TypeKey}' key selects the kind.");
            json.WriteStartArray("oneOf");
            foreach (var kind in variant.Kinds)
            {
                json.WriteStartObject();
                json.WriteString("$ref", Reference(kind));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        private void WriteParam(SpecParam param)
        {
            var a = param.Attribute;
            string description = a.Description;
            if (param.Type is UnitSpecType unit && param.HasBounds)
                description += " Range: " + unit.DescribeRange(a.Min, a.Max) + ".";
            json.WriteString("description", description);
            if (a.Source is not null) json.WriteString("$comment", "Default from: " + a.Source);
            WriteType(param.Type, a.Min, a.Max);
            if (!a.Required && param.Type is ScalarSpecType scalar)
            {
                json.WritePropertyName("default");
                scalar.WriteJsonValue(json, param.Default);
            }
        }

        private void WriteType(SpecType type, double min, double max)
        {
            switch (type)
            {
                case ScalarSpecType scalar:
                    scalar.WriteSchema(json, min, max);
                    break;
                case RecordSpecType or VariantSpecType:
                    json.WriteString("$ref", Reference(type));
                    break;
                case ListSpecType list:
                    json.WriteString("type", "array");
                    json.WriteStartObject("items");
                    WriteType(list.Element, double.NaN, double.NaN);
                    json.WriteEndObject();
                    break;
            }
        }

        private void WriteFileKeys()
        {
            const string pathPattern = @"^[^.]+(\.[^.]+)*$";
            json.WriteStartObject(FileKeys.Variants);
            json.WriteString("description", FileKeys.Describe(FileKeys.Variants));
            json.WriteString("type", "object");
            json.WriteStartObject("propertyNames");
            json.WriteStartObject("not");
            json.WriteString("const", "base");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("additionalProperties");
            json.WriteStartArray("type");
            json.WriteStringValue("object");
            json.WriteStringValue("null");
            json.WriteEndArray();
            json.WriteStartObject("propertyNames");
            json.WriteString("pattern", pathPattern);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject(FileKeys.Sweep);
            json.WriteString("description", FileKeys.Describe(FileKeys.Sweep));
            json.WriteString("type", "object");
            json.WriteNumber("minProperties", 1);
            json.WriteStartObject("propertyNames");
            json.WriteString("pattern", pathPattern);
            json.WriteEndObject();
            json.WriteStartObject("additionalProperties");
            json.WriteString("type", "array");
            json.WriteNumber("minItems", 1);
            json.WriteBoolean("uniqueItems", true);
            json.WriteStartObject("items");
            json.WriteStartArray("type");
            foreach (var t in new[] { "string", "number", "boolean", "null" }) json.WriteStringValue(t);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject(FileKeys.IncludeBase);
            json.WriteString("description", FileKeys.Describe(FileKeys.IncludeBase));
            json.WriteString("type", "boolean");
            json.WriteBoolean("default", true);
            json.WriteEndObject();

            json.WriteStartObject(FileKeys.ToolVersion);
            json.WriteString("description", FileKeys.Describe(FileKeys.ToolVersion));
            json.WriteString("type", "string");
            json.WriteEndObject();

            json.WriteStartObject(FileKeys.Swept);
            json.WriteString("description", FileKeys.Describe(FileKeys.Swept));
            json.WriteString("type", "object");
            json.WriteStartObject("additionalProperties");
            json.WriteString("type", "object");
            json.WriteStartObject("additionalProperties");
            json.WriteString("type", "string");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private string Reference(SpecType type)
        {
            string name = type.ClrType.Name;
            if (_named.TryGetValue(name, out var existing))
            {
                if (existing != type.ClrType)
                    throw new InvalidOperationException($"two spec types are named {name}; the schema needs distinct names");
            }
            else
            {
                _named.Add(name, type.ClrType);
                _pending.Add((name, type));
            }
            return "#/$defs/" + name;
        }
    }
}
