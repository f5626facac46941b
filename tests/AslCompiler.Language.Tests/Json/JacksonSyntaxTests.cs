using System.Text.Json;
using AslCompiler.Language.Json;
using CsCheck;

namespace AslCompiler.Language.Tests.Json;

/// <summary>JSON syntax errors worded and located as AWS's reader (Jackson 2.15) words them.</summary>
public class JacksonSyntaxTests
{
    private const string Values = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

    [Theory]
    // Recorded on AWS (../shared/corpus/localstack: start_exec_str_inp, start_exec_not_json_inp, validation NOT_A_DEF).
    [InlineData("not some json", "Unrecognized token 'not': was expecting " + Values, 1, 4)]
    [InlineData("{'not': 'json'", "Unexpected character (''' (code 39)): was expecting double-quote to start field name", 1, 3)]
    [InlineData("not a definition", "Unrecognized token 'not': was expecting " + Values, 1, 4)]
    // Literals and tokens.
    [InlineData("tru", "Unrecognized token 'tru': was expecting " + Values, 1, 4)]
    [InlineData("truex", "Unrecognized token 'truex': was expecting " + Values, 1, 6)]
    [InlineData("[nul ]", "Unrecognized token 'nul': was expecting " + Values, 1, 5)]
    [InlineData("hello_world1 x", "Unrecognized token 'hello_world1': was expecting " + Values, 1, 13)]
    [InlineData("NaN", "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", 1, 4)]
    [InlineData("[-Infinity]", "Non-standard token '-Infinity': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", 1, 11)]
    [InlineData("#", "Unexpected character ('#' (code 35)): expected a valid value " + Values, 1, 2)]
    [InlineData("'a'", "Unexpected character (''' (code 39)): expected a valid value " + Values, 1, 2)]
    [InlineData("é", "Unrecognized token 'é': was expecting " + Values, 1, 2)]
    [InlineData("€", "Unrecognized token '€': was expecting " + Values, 1, 2)]
    [InlineData("Ā!", "Unrecognized token 'Ā': was expecting " + Values, 1, 2)]
    [InlineData("☃", "Unexpected character ('☃' (code 9731 / 0x2603)): expected a valid value " + Values, 1, 2)]
    // Objects and arrays.
    [InlineData("{\"a\":1,}", "Unexpected character ('}' (code 125)): was expecting double-quote to start field name", 1, 9)]
    [InlineData("[1,]", "Unexpected character (']' (code 93)): expected a valid value " + Values, 1, 5)]
    [InlineData("{\"a\":}", "Unexpected character ('}' (code 125)): expected a value", 1, 7)]
    [InlineData("{\"a\" 1}", "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value", 1, 7)]
    [InlineData("{\"a\":1 \"b\":2}", "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries", 1, 9)]
    [InlineData("[1 2]", "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries", 1, 5)]
    [InlineData("[1,2}", "Unexpected close marker '}': expected ']' (for Array starting at [Source: (String)\"[1,2}\"; line: 1, column: 1])", 1, 6)]
    [InlineData("{\"a\":[]]", "Unexpected close marker ']': expected '}' (for Object starting at [Source: (String)\"{\"a\":[]]\"; line: 1, column: 1])", 1, 9)]
    [InlineData("}", "Unexpected close marker '}': expected ']' (for root starting at [Source: (String)\"}\"; line: 1, column: 0])", 1, 2)]
    [InlineData("{\"a\":[1,\n  {\"b\":2}", "Unexpected end-of-input: expected close marker for Array (start marker at [Source: (String)\"{\"a\":[1,\n  {\"b\":2}\"; line: 1, column: 6])", 2, 10)]
    [InlineData("{", "Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)\"{\"; line: 1, column: 1])", 1, 2)]
    [InlineData("[1,", "Unexpected end-of-input within/between Array entries", 1, 4)]
    [InlineData("{\"a\":", "Unexpected end-of-input within/between Object entries", 1, 6)]
    [InlineData("{\"a", "Unexpected end-of-input in field name", 1, 4)]
    // Strings.
    [InlineData("\"abc", "Unexpected end-of-input: was expecting closing quote for a string value", 1, 5)]
    [InlineData("\"a\tb\"", "Illegal unquoted character ((CTRL-CHAR, code 9)): has to be escaped using backslash to be included in string value", 1, 4)]
    [InlineData("{\"a\nb\":1}", "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in name", 1, 5)]
    [InlineData("\"\\x\"", "Unrecognized character escape 'x' (code 120)", 1, 4)]
    [InlineData("\"\\u12G4\"", "Unexpected character ('G' (code 71)): expected a hex-digit for character escape sequence", 1, 7)]
    [InlineData("\"\\", "Unexpected end-of-input in character escape sequence", 1, 3)]
    // Numbers.
    [InlineData("01", "Invalid numeric value: Leading zeroes not allowed", 1, 2)]
    [InlineData("[-01]", "Invalid numeric value: Leading zeroes not allowed", 1, 4)]
    [InlineData("-x", "Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value", 1, 3)]
    [InlineData("-", "Unexpected end-of-input in a Number value", 1, 2)]
    [InlineData("[1.]", "Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a digit", 1, 5)]
    [InlineData("1e+", "Unexpected character ('+' (code 43)) in numeric value: Exponent indicator not followed by a digit", 1, 4)]
    [InlineData("+1", "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow", 1, 3)]
    [InlineData(".5", "Unexpected character ('.' (code 46)): expected a valid value " + Values, 1, 2)]
    [InlineData("12a", "Unexpected character ('a' (code 97)): Expected space separating root-level values", 1, 4)]
    // Between tokens, and after the value.
    [InlineData("{/* c */}", "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)", 1, 3)]
    [InlineData("[1,\u000b2]", "Illegal character ((CTRL-CHAR, code 11)): only regular white space (\\r, \\n, \\t) is allowed between tokens", 1, 5)]
    [InlineData("{} x", "Unrecognized token 'x': was expecting " + Values, 1, 5)]
    [InlineData("{}{}", "Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", 1, 4)]
    [InlineData("1 2.5", "Trailing token (of type VALUE_NUMBER_FLOAT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", 1, 6)]
    [InlineData("\r\n\r\n  [1,,2]", "Unexpected character (',' (code 44)): expected a valid value " + Values, 3, 7)]
    public void Errors_are_worded_and_located_as_Jackson_reports_them(string text, string message, int line, int column)
    {
        var error = JacksonSyntax.FindError(text);
        Assert.NotNull(error);
        Assert.Equal(message, error.Message);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(error.Message + "\n at " + error.Location, error.FullMessage);
        Assert.StartsWith("[Source: (String)\"", error.Location);
        Assert.EndsWith("; line: " + line + ", column: " + column + "]", error.Location);
    }

    [Fact]
    public void The_location_quotes_at_most_500_characters_of_the_text()
    {
        var text = "[" + new string(' ', 600) + "x]";
        var error = JacksonSyntax.FindError(text)!;
        Assert.Equal("[Source: (String)\"[" + new string(' ', 499) + "\"[truncated 103 chars]; line: 1, column: 603]", error.Location);
    }

    [Fact]
    public void Nesting_deeper_than_1000_levels_is_refused_as_Jackson_refuses_it()
    {
        Assert.Null(JacksonSyntax.FindError(new string('[', 1000) + new string(']', 1000)));
        var error = JacksonSyntax.FindError(new string('[', 1001) + new string(']', 1001))!;
        Assert.Equal("Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)", error.Message);
        Assert.Equal(1002, error.Column);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    [InlineData("{\"a\":[1,-2.5e+3,true,false,null,\"\\u00e9\\n\"],\"b\":{}}")]
    [InlineData("  0  ")]
    [InlineData("-0.0E-0")]
    [InlineData("\"\u007f\u0085\"")]
    public void Text_Jackson_reads_has_no_error(string text)
    {
        Assert.Null(JacksonSyntax.FindError(text));
    }

    private static readonly Gen<string> Json = Gen.Recursive<string>((depth, inner) =>
    {
        var leaf = Gen.OneOf(
            Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Const("0"), Gen.Const("-12.5e3"), Gen.Const("\"a\\\"b\\u00e9\""),
            Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return depth >= 3
            ? leaf
            : Gen.Frequency(
                (3, leaf),
                (1, inner.Array[0, 4].Select(items => "[" + string.Join(", ", items) + "]")),
                (1, inner.Array[0, 4].Select(items => "{" + string.Join(",\n", items.Select((v, i) => "\"k" + i + "\" : " + v)) + "}")));
    });

    [Fact]
    public void Jackson_refuses_exactly_what_a_strict_reader_refuses_over_random_edits()
    {
        // System.Text.Json is as strict as Jackson's default reader (RFC 8259, nothing after the value); the edits
        // insert, delete or replace one character of a valid document.
        var edit = Gen.Select(Json, Gen.Int[0, 1000], Gen.Int[0, 2], Gen.Char["{}[],:\"\\ \n\tx01-.eE+/'#tn"]);
        edit.Sample((json, at, kind, c) =>
        {
            var i = at % (json.Length + 1);
            var text = kind switch
            {
                0 => json.Insert(i, c.ToString()),
                1 when i < json.Length => json.Remove(i, 1),
                _ when i < json.Length => json.Remove(i, 1).Insert(i, c.ToString()),
                _ => json + c,
            };
            bool strict;
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 1000 });
                strict = true;
            }
            catch (JsonException)
            {
                strict = string.IsNullOrWhiteSpace(text); // blank text: neither reads a value, Jackson reports nothing
            }

            var error = JacksonSyntax.FindError(text);
            Assert.True(strict == (error is null), text + " => " + error?.Message);
            if (error is not null)
            {
                Assert.InRange(error.Line, 1, text.Count(ch => ch == '\n') + 1);
                Assert.InRange(error.Column, 1, text.Length + 1);
            }
        }, iter: 3000);
    }
}
