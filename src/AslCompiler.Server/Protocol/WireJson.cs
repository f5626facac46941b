using System;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Server.Protocol;

/// <summary>
/// The JSON settings of the AWS JSON 1.0 wire: member names from the records' <c>[JsonPropertyName]</c>, enums by
/// their wire names, timestamps as epoch seconds, null members left out. Required members are not enforced while
/// reading: the API's own request checks report a missing member with AWS's wording (<c>Value null at 'name' failed
/// to satisfy constraint: Member must not be null</c>).
/// </summary>
internal static class WireJson
{
    /// <summary>The deepest nesting a request may have (AWS request shapes are a few levels deep).</summary>
    public const int MaxDepth = 64;

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = MaxDepth,
            NumberHandling = JsonNumberHandling.Strict,
            PropertyNameCaseInsensitive = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveRequiredToTheApi } },
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.Converters.Add(new WireEnumConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    // Required members are not enforced by the serializer: the API's own request checks report a missing member
    // with AWS's wording, and WireRequestReader reports a missing one of a value type, which the API cannot see.
    private static void LeaveRequiredToTheApi(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }
}

/// <summary>
/// Timestamps as AWS JSON 1.0 sends them: epoch seconds with milliseconds as a fraction (<c>1700000000.123</c>).
/// Reads numbers, numeric strings and ISO 8601 strings.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var seconds))
        {
            return FromSeconds(seconds);
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return FromSeconds(parsed);
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }
        }

        throw new JsonException("Expected a timestamp (epoch seconds).");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
    }

    private static DateTimeOffset FromSeconds(decimal seconds)
    {
        var milliseconds = decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        if (milliseconds < -62135596800000m || milliseconds > 253402300799999m)
        {
            throw new JsonException("The timestamp is out of range.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }
}

/// <summary>An enum string that is not one of the member's wire names (AWS answers it with a ValidationException).</summary>
internal sealed class WireEnumValueException(string value, string allowed) : Exception("Not an enum value: " + value)
{
    /// <summary>The string received.</summary>
    public string Value { get; } = value;

    /// <summary>The wire names, as AWS lists them: <c>[A, B]</c>.</summary>
    public string Allowed { get; } = allowed;
}

/// <summary>Enums by their wire names (<see cref="WireName"/>), exact and case-sensitive as AWS is.</summary>
internal sealed class WireEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(WireEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class WireEnumConverter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("Expected a string.");
            }

            var text = reader.GetString()!;
            if (WireName.TryParse<TEnum>(text, out var value))
            {
                return value;
            }

            // A JsonException keeps its inner exception while the serializer adds the member path.
            throw new JsonException(null, new WireEnumValueException(text, WireName.ValueSetText<TEnum>()));
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(WireName.Of(value));
        }
    }
}
