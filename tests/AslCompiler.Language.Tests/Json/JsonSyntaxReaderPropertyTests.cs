using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AslCompiler.Language.Json;
using CsCheck;

namespace AslCompiler.Language.Tests.Json;

/// <summary>Random documents: what System.Text.Json writes, we read back to the same value; nothing crashes us.</summary>
public class JsonSyntaxReaderPropertyTests
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char['\u0000', '\u00ff'], 0, 12],
        Gen.String[Gen.Char['\u0000', '\uD7FF'], 0, 12],
        Gen.String["\"\\/\b\f\n\r\t{}[]:,~ aé€"],
        Gen.Const("😀 \U0001F9EA"));

    private static readonly Gen<JsonNode?> Leaf = Gen.OneOf<JsonNode?>(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Decimal.Select(d => (JsonNode?)JsonValue.Create(d)),
        Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    private static readonly Gen<JsonNode?> Document = Gen.Recursive<JsonNode?>((depth, inner) =>
        depth >= 4
            ? Leaf
            : Gen.Frequency<JsonNode?>(
                (3, Leaf),
                (1, inner.Array[0, 5].Select(items => (JsonNode?)new JsonArray(items))),
                (1, Gen.Select(Text, inner).Array[0, 5].Select(members =>
                {
                    var obj = new JsonObject();
                    foreach (var (name, value) in members)
                    {
                        obj[name] = value;
                    }

                    return (JsonNode?)obj;
                }))));

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    [Fact]
    public void Documents_written_by_System_Text_Json_read_back_to_the_same_value()
    {
        Document.Sample(node =>
        {
            foreach (var text in new[] { node?.ToJsonString() ?? "null", node?.ToJsonString(Relaxed) ?? "null" })
            {
                var result = JsonSyntaxReader.Parse(text);
                Assert.True(result.Success, text + " => " + string.Join("; ", result.Diagnostics));
                var back = JsonNode.Parse(result.Root!.ToJsonString());
                Assert.True(JsonNode.DeepEquals(node, back), text);
                Assert.Equal(result.Root.ToJsonString(), JsonSyntaxReader.Parse(result.Root.ToIndentedJsonString()).Root!.ToJsonString());
            }
        }, iter: 400);
    }

    [Fact]
    public void Random_text_never_throws_and_agrees_with_System_Text_Json_on_validity()
    {
        var alphabet = Gen.Char["{}[]\",:0123456789.eE+-\\/ \n\ttrufalsn\u0001é\uD800x"];
        Gen.String[alphabet, 0, 40].Sample(text =>
        {
            var result = JsonSyntaxReader.Parse(text);
            Assert.True(result.Root is not null || result.FatalError is not null);
            Assert.True(IsValidForSystemTextJson(text) == (result.Root is not null), $"ours={result.Root is not null} for <{text}>: {string.Join("; ", result.Diagnostics)}");
        }, iter: 20_000);
    }

    [Fact]
    public void Mutated_documents_never_throw_and_agree_with_System_Text_Json()
    {
        var mutation = Gen.Select(Document, Gen.Int[0, 1000], Gen.Char["{}[]\",:.\\/ x0-e\u0000\uD800"], Gen.Int[0, 2]);
        mutation.Sample((node, at, c, op) =>
        {
            var text = new StringBuilder(node?.ToJsonString() ?? "null");
            var index = at % (text.Length + 1);
            switch (op)
            {
                case 0: text.Insert(index, c); break;
                case 1 when index < text.Length: text.Remove(index, 1); break;
                default: if (index < text.Length) { text[index] = c; } break;
            }

            var mutated = text.ToString();
            var result = JsonSyntaxReader.Parse(mutated);
            var ours = result.Root is not null;
            Assert.True(IsValidForSystemTextJson(mutated) == ours, $"ours={ours} for <{mutated}>: {string.Join("; ", result.Diagnostics)}");
        }, iter: 3000);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var result = JsonSyntaxReader.Parse(bytes);
            Assert.True(result.Root is not null || result.FatalError is not null);
        }, iter: 20_000);
    }

    private static bool IsValidForSystemTextJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 600 });
            return StringsAreWellFormed(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json accepts escaped lone surrogates until a string is read; RFC 8259 text must be Unicode.
            return false;
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be transcoded to UTF-8: invalid for us too.
            return false;
        }
    }

    private static bool StringsAreWellFormed(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsWellFormed(element.GetString()!);
            case JsonValueKind.Array:
                return element.EnumerateArray().All(StringsAreWellFormed);
            case JsonValueKind.Object:
                return element.EnumerateObject().All(p => IsWellFormed(p.Name) && StringsAreWellFormed(p.Value));
            default:
                return true;
        }
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
