using AslCompiler.Language.Json;

namespace AslCompiler.Language.Tests.Json;

/// <summary>
/// <see cref="JsonSyntaxReader.Recover"/>: the value a malformed text most likely means, as a definition being typed in an
/// editor is (the generator keeps a malformed definition's state names and handler methods from it).
/// </summary>
public class JsonSyntaxReaderRecoveryTests
{
    [Theory]
    [InlineData("""{"a": 1 "b": 2}""", """{"a":1,"b":2}""")] // a missing comma between members
    [InlineData("""[1 2 "x"]""", """[1,2,"x"]""")] // and between elements
    [InlineData("""{"a": 1,}""", """{"a":1}""")] // a trailing comma
    [InlineData("""{"a": [1, 2,]}""", """{"a":[1,2]}""")]
    [InlineData("""{"a": {"b": 1""", """{"a":{"b":1}}""")] // closing brackets missing at the end
    [InlineData("""{"a": [1, """, """{"a":[1]}""")]
    [InlineData("""{"a": [1, {"b": [""", """{"a":[1,{"b":[]}]}""")]
    [InlineData("""{"a": """, """{"a":null}""")] // a value missing at the end
    [InlineData("""{"a""", """{"a":null}""")] // a name being typed
    [InlineData("""{"a": 1,""", """{"a":1}""")]
    [InlineData("""{"a": "x""", """{"a":"x"}""")] // a string without its closing quote at the end
    [InlineData("{\"a\": \"x\n, \"b\": 2}", """{"a":"x","b":2}""")] // and at a line's end
    [InlineData("{\"a\": \"x\r\n}", """{"a":"x"}""")]
    [InlineData("""{"a" 1}""", """{"a":1}""")] // a missing colon
    [InlineData("""{"a", "b": 2}""", """{"a":null,"b":2}""")]
    [InlineData("""{"a": , "b": 2}""", """{"a":null,"b":2}""")] // a missing value
    [InlineData("""[1, , 2]""", """[1,null,2]""")]
    [InlineData("""{"Type": Task, "b": 1}""", """{"Type":null,"b":1}""")] // stray text for a value
    [InlineData("""{Type: "Pass", Next_1: "B"}""", """{"Type":"Pass","Next_1":"B"}""")] // names without quotes
    [InlineData("""{'Type': 'Pass'}""", """{"Type":"Pass"}""")] // single quotes
    [InlineData("""{"a": tru}""", """{"a":null}""")] // a literal being typed
    [InlineData("""{"a": truex}""", """{"a":true}""")]
    [InlineData("""{"a": 1., "b": -}""", """{"a":0,"b":0}""")] // numbers being typed
    [InlineData("""{"a": 01}""", """{"a":0}""")]
    [InlineData("{\"a\": 1, // why\n \"b\": 2}", """{"a":1,"b":2}""")] // comments
    [InlineData("""{"a": 1, /* why */ "b": 2}""", """{"a":1,"b":2}""")]
    [InlineData("""{"a": 1, /* why""", """{"a":1}""")]
    [InlineData("""{"a": 1}}""", """{"a":1}""")] // trailing content
    [InlineData("""{"a": [1, 2}""", """{"a":[1,2]}""")] // the wrong closing bracket
    [InlineData("""{"a": {"b": 1]}""", """{"a":{"b":1}}""")]
    [InlineData("""{"a": "x\qy"}""", """{"a":"xqy"}""")] // an invalid escape
    [InlineData("{\"a\": \"x\\", """{"a":"x"}""")] // the text ending in an escape
    [InlineData("""{"a": "x\u12"}""", """{"a":"xu12"}""")]
    [InlineData("""{"a": "\uD800"}""", "{\"a\":\"\uFFFD\"}")] // a lone surrogate
    [InlineData("{\"a\": \"x\ty\"}", """{"a":"x y"}""")] // a raw control character
    public void Repairs_the_text_and_reads_it(string text, string expected)
    {
        Assert.False(JsonSyntaxReader.Parse(text).Success);

        var value = JsonSyntaxReader.Recover(text);

        Assert.NotNull(value);
        Assert.Equal(expected, value.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a": [1, {"b": true}], "c": "x\ny", "d": -1.5e3}""")]
    [InlineData("""{"a": 1, "a": 2}""")] // a duplicate key is not fatal: the tree is the strict reader's
    [InlineData("  7 ")]
    public void Reads_well_formed_text_as_the_strict_reader_does(string text)
    {
        Assert.Equal(JsonSyntaxReader.Parse(text).Root!.ToJsonString(), JsonSyntaxReader.Recover(text)!.ToJsonString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    [InlineData("abc")]
    [InlineData("// only a comment")]
    public void Returns_null_when_nothing_is_left_to_read(string text)
    {
        Assert.Null(JsonSyntaxReader.Recover(text));
    }

    [Fact]
    public void Gives_up_past_its_repair_limit_and_past_the_depth_limit()
    {
        // Each missing comma is one repair.
        var within = "[" + string.Join(" ", Enumerable.Repeat("1", JsonSyntaxReader.MaxRepairs + 1)) + "]";
        var past = "[" + string.Join(" ", Enumerable.Repeat("1", JsonSyntaxReader.MaxRepairs + 2)) + "]";

        Assert.Equal(JsonSyntaxReader.MaxRepairs + 1, Assert.IsType<JsonArraySyntax>(JsonSyntaxReader.Recover(within)).Count);
        Assert.Null(JsonSyntaxReader.Recover(past));
        Assert.Null(JsonSyntaxReader.Recover(new string('[', JsonReaderOptions.Default.MaxDepth + 1)));
    }

    [Fact]
    public void Recovers_an_object_from_every_prefix_and_every_one_character_deletion_of_a_definition()
    {
        const string definition = """
            {
              "Comment": "A \"quoted\" word, a \\ and a line\nbreak",
              "StartAt": "Charge",
              "States": {
                "Charge": {
                  "Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "BackoffRate": 1.5}],
                  "Next": "Ship it"
                },
                "Ship it": {"Type": "Pass", "Result": [true, false, null, -0.5e-3], "End": true}
              }
            }
            """;

        for (var length = 1; length <= definition.Length; length++)
        {
            Assert.IsType<JsonObjectSyntax>(JsonSyntaxReader.Recover(definition.Substring(0, length)));
        }

        for (var i = 1; i < definition.Length; i++)
        {
            var value = JsonSyntaxReader.Recover(definition.Remove(i, 1));
            Assert.True(value is JsonObjectSyntax, "Deleting character " + i + ": " + value);
        }
    }
}
