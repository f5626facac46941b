using System.Globalization;
using System.Text;
using AslCompiler.Runtime.Json;
using CsCheck;

namespace AslCompiler.Runtime.Tests.Json;

/// <summary>
/// The writer keeps an array's or object's text on it and reuses one builder per thread; what it prints must not
/// depend on either (the history writes the same payloads again and again).
/// </summary>
public class JsonValueWriterTests
{
    [Fact]
    public void A_written_array_or_object_keeps_its_text()
    {
        var value = JsonValue.Parse("{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}");
        var first = value.ToJsonString();
        Assert.Equal("{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}", first);
        Assert.Same(first, value.ToJsonString());

        var array = JsonValue.Parse("[{\"k\":true}]");
        Assert.Same(array.ToJsonString(), array.ToJsonString());
    }

    [Fact]
    public void A_value_written_inside_another_after_its_own_text_is_kept_prints_the_same()
    {
        var inner = JsonValue.Parse("{\"sku\":\"s1\",\"price\":9.5,\"tags\":[\"a\\\"b\"]}");
        Assert.Equal("{\"sku\":\"s1\",\"price\":9.5,\"tags\":[\"a\\\"b\"]}", inner.ToJsonString());

        var outer = JsonValue.CreateObject(new("items", JsonValue.CreateArray(inner, inner)), new("n", 2));
        var expected = "{\"items\":[" + inner.ToJsonString() + "," + inner.ToJsonString() + "],\"n\":2}";
        Assert.Equal(expected, outer.ToJsonString());
        Assert.Equal(outer, JsonValue.Parse(outer.ToJsonString()));

        // A "changed" copy shares the member but has text of its own.
        JsonValue changed = outer.GetObject().SetItem("n", 3);
        Assert.Equal("{\"items\":[" + inner.ToJsonString() + "," + inner.ToJsonString() + "],\"n\":3}", changed.ToJsonString());
        Assert.Equal(expected, outer.ToJsonString());
    }

    [Fact]
    public void Writes_after_a_large_one_and_on_many_threads_at_once_print_their_own_values()
    {
        var large = JsonValue.CreateArray(Enumerable.Range(0, 20_000).Select(i => JsonValue.FromNumber(i)).ToArray());
        var largeText = "[" + string.Join(",", Enumerable.Range(0, 20_000)) + "]";
        Assert.Equal(largeText, large.ToJsonString());
        Assert.Equal("{\"a\":1}", JsonValue.Parse("{ \"a\" : 1 }").ToJsonString());

        var failures = 0;
        Parallel.For(0, 2_000, i =>
        {
            var value = JsonValue.CreateObject(new("i", i), new("s", "v" + i), new("a", JsonValue.CreateArray(i, -i, i / 2.0)));
            var expected = "{\"i\":" + i + ",\"s\":\"v" + i + "\",\"a\":[" + i + "," + (-i) + "," + JavaDouble(i / 2.0) + "]}";
            if (value.ToJsonString() != expected || value.ToJsonString() != expected)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Integers_print_with_an_ASCII_minus_whatever_the_current_culture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("[-5,-9223372036854775808,-1.5]", JsonValue.Parse("[-5,-9223372036854775808,-1.5]").ToJsonString());
            Assert.Equal("-7", JsonValue.FromNumber(-7L).ToJsonString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Length_counts_the_written_text_without_writing_it()
    {
        JsonValueTests.GenValue.Sample(value =>
        {
            // Counted before the value is written (a written container's kept text would answer), then compared.
            var shared = JsonValue.CreateArray(value, JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("k\u0001\"", value)), value);
            var length = JsonValueWriter.Length(shared, long.MaxValue);
            var sharedLength = JsonValueWriter.SharedLength(shared);
            var text = shared.ToJsonString();

            Assert.Equal(text.Length, length);
            Assert.Equal(text.Length, sharedLength);
            Assert.Equal(text.Length, JsonValueWriter.Length(shared, long.MaxValue)); // from the kept text
            // Past a limit, some number past it.
            var pair = (2 * value.ToJsonString().Length) + 3;
            var bounded = JsonValueWriter.Length(JsonValue.CreateArray(value, value), 10);
            Assert.True(pair > 10 ? bounded > 10 : bounded == pair, pair + " " + bounded);
        }, iter: 2000);
    }

    [Theory]
    [InlineData("plain text", 12)]
    [InlineData("q\"b\\n\nr\rt\tb\bf\f", 23)]
    [InlineData("\u0001\u001f", 14)]
    public void QuotedLength_counts_quotes_and_escapes(string text, long expected)
    {
        Assert.Equal(expected, JsonValueWriter.QuotedLength(text));
        Assert.Equal(expected, JsonValue.FromString(text).ToJsonString().Length);
    }

    [Fact]
    public void QuotedLength_counts_lone_surrogates_as_escapes_and_pairs_as_they_are()
    {
        // Lone surrogates do not survive an attribute's string, so not an InlineData: \udXXX each, a pair and U+E000 one each.
        const string text = "\ud800 \udc00 \ud83d\ude00 \ue000";

        Assert.Equal(20, JsonValueWriter.QuotedLength(text));
        Assert.Equal(20, JsonValue.FromString(text).ToJsonString().Length);
    }

    [Fact]
    public void Length_of_many_copies_of_one_value_stops_at_the_limit_and_SharedLength_counts_them_once()
    {
        var item = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("a", new string('x', 100_000)));
        var copies = JsonValue.FromArray(JsonArrayValue.Create(Enumerable.Repeat(item, 1_000_000)));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var bounded = JsonValueWriter.Length(copies, 10_000_000);
        var exact = JsonValueWriter.SharedLength(copies);

        Assert.InRange(bounded, 10_000_001, 10_200_000);
        Assert.Equal((1_000_000L * 100_008) + 1_000_001, exact);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 100_000);
    }

    private static string JavaDouble(double d) =>
        d == Math.Floor(d) ? d.ToString("0", CultureInfo.InvariantCulture) + ".0" : d.ToString("R", CultureInfo.InvariantCulture);
}
