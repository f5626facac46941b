using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;
using Xunit;

namespace AslCompiler.Runtime.Tests.Json;

/// <summary>The reader's shared working lists and its cache of member names (JsonValueReader.ParseScratch).</summary>
public class JsonValueReaderTests
{
    [Fact]
    public void Like_objects_share_their_member_names()
    {
        var items = JsonValue.Parse("""[{"sku":"a","qty":1},{"sku":"b","qty":2},{"qty":3,"sku":"c"}]""").GetArray();
        var first = items[0].GetObject();
        var third = items[2].GetObject();
        Assert.Same(first[0].Key, items[1].GetObject()[0].Key);
        Assert.Same(first[0].Key, third[1].Key);
        Assert.Same(first[1].Key, third[0].Key);
        Assert.Equal("""[{"sku":"a","qty":1},{"sku":"b","qty":2},{"qty":3,"sku":"c"}]""", JsonValue.FromArray(items).ToJsonString());
    }

    [Theory]
    [InlineData("""{"ab":1,"a\u0062":2}""", """{"ab":2}""")]
    [InlineData("""{"a\u0062":1,"ab":2,"c":3}""", """{"ab":2,"c":3}""")]
    [InlineData("""{"é":1,"e":2,"\u00e9":3}""", """{"é":3,"e":2}""")]
    [InlineData("""{"x":{"x":1,"x":2},"x":[{"x":3}]}""", """{"x":[{"x":3}]}""")]
    public void Names_spelled_with_escapes_or_beyond_ASCII_are_the_same_names(string json, string expected)
    {
        Assert.Equal(expected, JsonValue.Parse(json).ToJsonString());
    }

    [Fact]
    public void Repeated_names_in_a_large_object_keep_the_first_position_and_the_last_value()
    {
        var members = Enumerable.Range(0, 40).Select(i => $"\"m{i}\":{i}").ToList();
        members.Add("\"m7\":\"last\"");
        var parsed = JsonValue.Parse("{" + string.Join(",", members) + "}").GetObject();
        Assert.Equal(40, parsed.Count);
        Assert.Equal("m7", parsed[7].Key);
        Assert.Equal("last", parsed["m7"].GetString());
    }

    [Fact]
    public void Many_distinct_names_all_read_back()
    {
        // More names than the cache has slots: some share a slot and replace each other.
        var names = Enumerable.Range(0, 2_000).Select(i => "name" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var json = "{" + string.Join(",", names.Select((n, i) => $"\"{n}\":{i}")) + "}";
        for (var round = 0; round < 2; round++)
        {
            var parsed = JsonValue.Parse(json).GetObject();
            Assert.Equal(names, parsed.Names);
            Assert.Equal(1_999, parsed["name1999"].GetDouble());
        }
    }

    [Theory]
    [InlineData("""{"a":[1,2,{"b":""")]
    [InlineData("""[[[{"x":1},{"y":[1,2,3""")]
    [InlineData("""{"a":[1,2,3],"b":{"c":tru}}""")]
    [InlineData("""[1,2,{"a":1,"a":2},[3,4],{"z":]""")]
    public void A_parse_that_fails_midway_leaves_nothing_for_the_next(string broken)
    {
        Assert.Throws<JsonValueParseException>(() => JsonValue.Parse(broken));
        Assert.False(JsonValue.TryParse(broken, out _, out var error, JsonValue.DefaultMaxDepth));
        Assert.NotNull(error);
        Assert.Equal("""{"k":[1,{"m":2}],"n":[]}""", JsonValue.Parse("""{"k":[1,{"m":2}],"n":[]}""").ToJsonString());
        Assert.Equal("[3]", JsonValue.Parse("[3]").ToJsonString());
    }

    [Fact]
    public void A_large_document_then_a_small_one()
    {
        var large = "[" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"{{\"i\":{i},\"v\":[{i},{i}]}}")) + "]";
        var parsed = JsonValue.Parse(large).GetArray();
        Assert.Equal(10_000, parsed.Count);
        Assert.Equal(9_999, parsed[9_999]["v"][1].GetDouble());
        Assert.Equal(large, JsonValue.FromArray(parsed).ToJsonString());
        Assert.Equal("""{"i":1}""", JsonValue.Parse("""{"i":1}""").ToJsonString());
        Assert.Equal(JsonKind.Array, JsonValue.Parse(new string('[', 1_000) + new string(']', 1_000)).Kind);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    [InlineData(100_000)]
    public void Text_of_any_length_reads_its_UTF8_with_lone_surrogates_replaced(int length)
    {
        // Short text is encoded on the stack, long text in a pooled buffer: both as Encoding.UTF8 encodes it.
        var body = new string('a', length) + "é\ud83d\ude00\ud800";
        var parsed = JsonValue.Parse("{\"s\":\"" + body + "\"}");
        Assert.Equal(new string('a', length) + "é\ud83d\ude00\ufffd", parsed["s"].GetString());
        Assert.True(JsonValue.TryParse("[\"" + body + "\"]", out var array, out _, JsonValue.DefaultMaxDepth));
        Assert.Equal(parsed["s"], array[0]);
        Assert.Equal(parsed, JsonValue.Parse(Encoding.UTF8.GetBytes("{\"s\":\"" + body + "\"}")));
    }

    [Fact]
    public void Threads_parse_at_once_without_sharing_their_lists()
    {
        var documents = Enumerable.Range(0, 64)
            .Select(i => "{\"id\":" + i + ",\"items\":[" + string.Join(",", Enumerable.Range(0, i).Select(j => $"{{\"k{j % 7}\":{j},\"n\":[{j}]}}")) + "]}")
            .ToArray();
        var expected = documents.Select(d => JsonValue.Parse(d)).ToArray();
        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var index = i % documents.Length;
            var parsed = JsonValue.Parse(documents[index]);
            Assert.Equal(expected[index], parsed);
            Assert.Equal(documents[index], parsed.ToJsonString());
        });
    }
}
