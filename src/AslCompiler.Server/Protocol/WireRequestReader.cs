using System;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AslCompiler.Server.Protocol;

/// <summary>
/// Reads a request body as AWS JSON 1.0 servers do, refusing what they refuse with their errors rather than the
/// serializer's: bytes that are not UTF-8, text that is not JSON or nests deeper than <see cref="WireJson.MaxDepth"/>,
/// a body that is not an object, or a member of the wrong JSON type or out of its type's range are a
/// <c>SerializationException</c> naming the member as AWS names members (<c>routingConfiguration.1.member.weight</c>);
/// a required member of a value type that is missing or <c>null</c> is a <c>ValidationException</c> (<c>Member must not
/// be null</c>). Unknown members are ignored and <c>null</c> reads as absent, as on AWS. An empty body, or a UTF-8 byte
/// order mark before the JSON, is accepted.
/// </summary>
internal static class WireRequestReader
{
    private const int ShownValueLength = 40;

    /// <summary>Reads a request of type <typeparamref name="TRequest"/>.</summary>
    /// <exception cref="WireRequestException">The body is refused; its <see cref="WireRequestException.Error"/> is the answer.</exception>
    /// <exception cref="JsonException">The serializer refused what the shape check let through (an enum value outside its set).</exception>
    public static TRequest Read<TRequest>(ReadOnlyMemory<byte> body)
        where TRequest : class
    {
        if (body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        if (IsBlank(body.Span))
        {
            body = "{}"u8.ToArray();
        }

        if (InvalidUtf8At(body.Span) is { } offset)
        {
            throw new WireRequestException(WireError.Serialization("The request body is not valid UTF-8 (at byte " + Number(offset + 1) + ")."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = WireJson.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new WireRequestException(WireError.Serialization("The request body is not valid JSON: " + ReaderMessage(e)));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WireRequestException(WireError.Serialization("The request body must be a JSON object, not " + TokenName(root.ValueKind) + "."));
            }

            var typeInfo = WireJson.Options.GetTypeInfo(typeof(TRequest));
            CheckObject(root, typeInfo, string.Empty);
            return root.Deserialize<TRequest>(WireJson.Options)
                ?? throw new WireRequestException(WireError.Serialization("The request body must be a JSON object, not null."));
        }
    }

    /// <summary>The offset of the first byte that does not belong to a well-formed UTF-8 sequence, if any.</summary>
    internal static int? InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    private static void CheckObject(JsonElement value, JsonTypeInfo typeInfo, string owner)
    {
        var properties = typeInfo.Properties;
        Span<bool> present = properties.Count <= 64 ? stackalloc bool[properties.Count] : new bool[properties.Count];
        foreach (var member in value.EnumerateObject())
        {
            var index = IndexOf(properties, member, owner);
            if (index < 0)
            {
                continue; // a member this API version does not have: ignored, as AWS ignores it
            }

            var property = properties[index];
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                present[index] = false; // null is the member's absence (and a later duplicate wins, as it does when read)
                continue;
            }

            present[index] = true;
            CheckValue(member.Value, property.PropertyType, Join(owner, property.Name));
        }

        for (var i = 0; i < properties.Count; i++)
        {
            if (!present[i] && IsRequiredValue(properties[i]))
            {
                // A reference-type member the API checks itself; a value-type one would read as its default (AWS_OWNED_KEY, weight 0).
                throw new WireRequestException(WireError.MissingMember(owner, properties[i].Name));
            }
        }
    }

    private static int IndexOf(System.Collections.Generic.IList<JsonPropertyInfo> properties, JsonProperty member, string owner)
    {
        var name = NameOf(member, owner);
        for (var i = 0; i < properties.Count; i++)
        {
            if (string.Equals(properties[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A member's name; even an unknown member's name is read by the serializer, so a bad one is refused here.</summary>
    private static string NameOf(JsonProperty member, string owner)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            throw new WireRequestException(WireError.Serialization("A member name in " + (owner.Length == 0 ? "the request" : "'" + owner + "'") + " is not valid Unicode (an unpaired surrogate escape such as \\ud800)."));
        }
    }

    private static void CheckValue(JsonElement value, Type type, string path)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var kind = value.ValueKind;
        if (target == typeof(string))
        {
            Expect(value, kind == JsonValueKind.String, "a String", path);
            try
            {
                _ = value.GetString();
            }
            catch (InvalidOperationException)
            {
                throw new WireRequestException(WireError.Serialization("STRING_VALUE at '" + path + "' is not valid Unicode (an unpaired surrogate escape such as \\ud800)."));
            }
        }
        else if (target == typeof(bool))
        {
            Expect(value, kind is JsonValueKind.True or JsonValueKind.False, "a Boolean", path);
        }
        else if (target == typeof(int))
        {
            Expect(value, kind == JsonValueKind.Number && value.TryGetInt32(out _), "an Integer", path);
        }
        else if (target == typeof(long))
        {
            Expect(value, kind == JsonValueKind.Number && value.TryGetInt64(out _), "a Long", path);
        }
        else if (target == typeof(float))
        {
            Expect(value, kind == JsonValueKind.Number && value.TryGetDouble(out var d) && Math.Abs(d) <= float.MaxValue, "a Float", path);
        }
        else if (target == typeof(double))
        {
            Expect(value, kind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d), "a Double", path);
        }
        else if (target == typeof(DateTimeOffset))
        {
            Expect(value, kind is JsonValueKind.Number or JsonValueKind.String, "a Timestamp", path);
        }
        else if (target.IsEnum)
        {
            Expect(value, kind == JsonValueKind.String, "a String", path); // the value itself is checked as it is read
        }
        else
        {
            var typeInfo = WireJson.Options.GetTypeInfo(target);
            switch (typeInfo.Kind)
            {
                case JsonTypeInfoKind.Object:
                    Expect(value, kind == JsonValueKind.Object, "a Structure", path);
                    CheckObject(value, typeInfo, path);
                    break;
                case JsonTypeInfoKind.Enumerable:
                    Expect(value, kind == JsonValueKind.Array, "a List", path);
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        index++;
                        if (item.ValueKind != JsonValueKind.Null)
                        {
                            // A null item is left to the API, which answers "Value null at 'tags.1.member'".
                            CheckValue(item, typeInfo.ElementType!, path + "." + Number(index) + ".member");
                        }
                    }

                    break;
                case JsonTypeInfoKind.Dictionary:
                    Expect(value, kind == JsonValueKind.Object, "a Map", path);
                    foreach (var entry in value.EnumerateObject())
                    {
                        var key = NameOf(entry, path);
                        if (entry.Value.ValueKind != JsonValueKind.Null)
                        {
                            CheckValue(entry.Value, typeInfo.ElementType!, path + "." + key);
                        }
                    }

                    break;
                default:
                    break; // a type with its own converter reads what it accepts
            }
        }
    }

    private static void Expect(JsonElement value, bool ok, string expected, string path)
    {
        if (!ok)
        {
            throw new WireRequestException(WireError.Serialization(Shown(value) + " at '" + path + "' can not be converted to " + expected + "."));
        }
    }

    /// <summary>A required member of a value type (an enum, a number): the API cannot see it missing.</summary>
    private static bool IsRequiredValue(JsonPropertyInfo property) =>
        property.PropertyType.IsValueType
        && Nullable.GetUnderlyingType(property.PropertyType) is null
        && property.AttributeProvider is MemberInfo member
        && member.IsDefined(typeof(RequiredMemberAttribute), inherit: false);

    /// <summary>The token as AWS's JSON services name it, with the value when it is short and scalar.</summary>
    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => TokenName(value.ValueKind) + " " + Truncate(value.GetRawText()),
        _ => TokenName(value.ValueKind),
    };

    private static string TokenName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "START_OBJECT",
        JsonValueKind.Array => "START_ARRAY",
        JsonValueKind.String => "STRING_VALUE",
        JsonValueKind.Number => "NUMBER_VALUE",
        JsonValueKind.True or JsonValueKind.False => "BOOLEAN_VALUE",
        _ => "null",
    };

    private static string Truncate(string raw) => raw.Length <= ShownValueLength ? raw : raw[..ShownValueLength] + "...";

    /// <summary>The reader's message with its position as a line and column (1-based), without its .NET-style suffix.</summary>
    internal static string ReaderMessage(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (path >= 0 && (cut < 0 || path < cut))
        {
            cut = path;
        }

        if (cut >= 0)
        {
            message = message[..cut];
        }

        return e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? message + " (line " + Number(line + 1) + ", column " + Number(column + 1) + ")"
            : message;
    }

    private static string Join(string owner, string member) => owner.Length == 0 ? member : owner + "." + member;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A request refused before it reaches the API; <see cref="Error"/> is the answer.</summary>
internal sealed class WireRequestException(WireError error) : Exception(error.Message)
{
    /// <summary>The error to answer with.</summary>
    public WireError Error { get; } = error;
}
