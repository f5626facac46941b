using AslCompiler.Language.Json;
using AslCompiler.Runtime.Json;
using CsCheck;

namespace AslCompiler.Runtime.Tests.Json;

public class JsonValueTests
{
    [Fact]
    public void Numbers_read_from_JSON_text_are_the_numbers_their_text_parses_to()
    {
        // The reader takes longs and finite doubles from the UTF-8 bytes; TryParseNumber reads the text. Same value, form
        // and printed text, for integers of every length, long and short mantissas, and exponents to overflow and under.
        var random = new Random(20261206);
        for (var i = 0; i < 100_000; i++)
        {
            var text = RandomNumberText(random);
            Assert.True(JsonValue.TryParseNumber(text, out var expected), text);
            var read = JsonValue.Parse("[" + text + "]")[0];
            Assert.True(expected.Form == read.Form && expected.RawInt64 == read.RawInt64 && expected.RawText == read.RawText, text + ": " + read.ToJsonString() + " != " + expected.ToJsonString());
            Assert.Equal(expected.ToJsonString(), read.ToJsonString());
        }
    }

    private static string RandomNumberText(Random random)
    {
        var sign = random.Next(3) == 0 ? "-" : string.Empty;
        var digits = new string(Enumerable.Range(0, random.Next(1, 26)).Select(_ => (char)('0' + random.Next(10))).ToArray()).TrimStart('0');
        digits = digits.Length == 0 ? "0" : digits;
        return random.Next(4) switch
        {
            0 => sign + digits,
            1 => sign + digits + "." + random.Next(0, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => sign + digits[0] + "." + (digits.Length > 1 ? digits[1..] : "0") + "e" + random.Next(-340, 340).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => sign + digits + "E+" + random.Next(0, 320).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public void Default_is_undefined_and_differs_from_null()
    {
        JsonValue value = default;
        Assert.True(value.IsUndefined);
        Assert.NotEqual(JsonValue.Null, value);
        Assert.Equal(JsonKind.Null, JsonValue.Parse("null").Kind);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-0", "0")]
    [InlineData("1.0", "1.0")]
    [InlineData("0.0", "0.0")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("1.10", "1.1")]
    [InlineData("1e2", "100.0")]
    [InlineData("1E7", "1.0E7")]
    [InlineData("1234567.5", "1234567.5")]
    [InlineData("0.001", "0.001")]
    [InlineData("0.0001", "1.0E-4")]
    [InlineData("1.5e-10", "1.5E-10")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("-123456789012345678901234567890", "-123456789012345678901234567890")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("1e400", "1e400")]
    public void Numbers_print_as_Step_Functions_prints_them(string text, string expected)
    {
        Assert.Equal(expected, JsonValue.Parse(text).ToJsonString());
    }

    [Fact]
    public void Computed_doubles_print_their_shortest_digits()
    {
        Assert.Equal("0.30000000000000004", JsonValue.FromNumber(0.1 + 0.2).ToJsonString());
        Assert.Equal("2.0", JsonValue.FromNumber(2.0).ToJsonString());
        Assert.Equal("2", JsonValue.FromNumber(2L).ToJsonString());
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("100", "1e2")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("100000000000000000000", "1e20")] // beyond 64 bits, as digits and as a double
    [InlineData("1152921504606846976", "1.152921504606846976E18")] // 2^60, a long and a double
    [InlineData("-9223372036854775808", "-9.223372036854775808e18")] // long.MinValue
    [InlineData("9223372036854775808", "9.223372036854775808e18")] // long.MaxValue + 1
    [InlineData("0", "-0.0")]
    [InlineData("{\"a\":1,\"b\":[1,2]}", "{\"b\":[1.0,2],\"a\":1}")]
    public void Equal_values_are_equal_and_hash_alike(string left, string right)
    {
        var a = JsonValue.Parse(left);
        var b = JsonValue.Parse(right);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Integers_that_share_a_double_hash_apart()
    {
        // 2^60 + 1 ... 2^60 + 1000 all convert to the double 2^60: hashed by their double, a set of them was a list.
        var hashes = Enumerable.Range(1, 1000).Select(i => JsonValue.Parse((1152921504606846976L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).GetHashCode()).ToHashSet();
        var big = Enumerable.Range(1, 1000).Select(i => JsonValue.Parse("1000000000000000000000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).GetHashCode()).ToHashSet();

        Assert.True(hashes.Count > 990, hashes.Count + " distinct hashes of 1,000 longs");
        Assert.True(big.Count > 990, big.Count + " distinct hashes of 1,000 integers beyond 64 bits");
    }

    [Theory]
    [InlineData("1", "2")]
    [InlineData("1", "\"1\"")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567891")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}")]
    [InlineData("null", "false")]
    public void Different_values_differ(string left, string right)
    {
        Assert.NotEqual(JsonValue.Parse(left), JsonValue.Parse(right));
    }

    [Fact]
    public void Strings_escape_only_what_JSON_requires()
    {
        var value = JsonValue.FromString("a\"b\\c\n\u0001é/€");
        Assert.Equal("\"a\\\"b\\\\c\\n\\u0001é/€\"", value.ToJsonString());
        Assert.Equal(value, JsonValue.Parse(value.ToJsonString()));
    }

    [Theory]
    [InlineData(@"\ud800", @"""\ud800""")]
    [InlineData(@"a\udfffb", @"""a\udfffb""")]
    [InlineData(@"\udc00\ud800", @"""\udc00\ud800""")] // the halves in the wrong order: two lone ones
    [InlineData(@"\ud800\ud800\udc00", "\"\\ud800\U00010000\"")] // a lone high half, then a pair
    [InlineData(@"\ud83d\ude00", "\"\U0001F600\"")] // a pair is written as it is
    public void A_lone_surrogate_is_escaped_as_JavaScript_escapes_it(string escapedText, string expected)
    {
        // UTF-8 cannot encode a lone surrogate: written as it is, it would turn into U+FFFD on the way out. (The text
        // is given escaped: a test's data with a lone surrogate may not survive its own serialization.)
        var value = JsonValue.FromString(System.Text.RegularExpressions.Regex.Unescape(escapedText));
        Assert.Equal(expected, value.ToJsonString());
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(value.ToUtf8Bytes()));
    }

    [Fact]
    public void Output_is_compact_and_keeps_member_order()
    {
        var value = JsonValue.Parse("{ \"z\" : 1 , \"a\" : [ true , null , \"x\" ] , \"m\" : { } }");
        Assert.Equal("{\"z\":1,\"a\":[true,null,\"x\"],\"m\":{}}", value.ToJsonString());
    }

    [Fact]
    public void Repeated_member_keeps_first_position_and_last_value()
    {
        Assert.Equal("{\"a\":3,\"b\":2}", JsonValue.Parse("{\"a\":1,\"b\":2,\"a\":3}").ToJsonString());
    }

    [Fact]
    public void Setting_a_member_returns_a_new_object_sharing_the_others()
    {
        var original = JsonValue.Parse("{\"a\":{\"deep\":[1,2,3]},\"b\":2}").GetObject();
        var changed = original.SetItem("b", 5).SetItem("c", "new");
        Assert.Equal("{\"a\":{\"deep\":[1,2,3]},\"b\":2}", original.ToString());
        Assert.Equal("{\"a\":{\"deep\":[1,2,3]},\"b\":5,\"c\":\"new\"}", changed.ToString());
        Assert.Same(original["a"].GetObject(), changed["a"].GetObject());
        Assert.Equal("{\"b\":2}", original.Remove("a").ToString());
    }

    [Fact]
    public void Large_objects_find_members_through_an_index()
    {
        var builder = new JsonObjectBuilder();
        for (var i = 0; i < 100; i++)
        {
            builder.Set("k" + i, i);
        }

        var obj = builder.ToObject();
        Assert.Equal(100, obj.Count);
        Assert.Equal(JsonValue.FromNumber(57), obj["k57"]);
        Assert.True(obj["missing"].IsUndefined);
        Assert.Equal(57, obj.IndexOf("k57"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,]")]
    [InlineData("{\"a\" 1}")]
    [InlineData("01")]
    [InlineData("tru")]
    [InlineData("1 2")]
    [InlineData("// c\n1")]
    public void Invalid_text_gives_a_positioned_error(string text)
    {
        var ex = Assert.Throws<JsonValueParseException>(() => JsonValue.Parse(text));
        Assert.False(string.IsNullOrEmpty(ex.Message));
        Assert.False(JsonValue.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(@"""\ud800""", @"\ud800")]
    [InlineData(@"""x\udc00\n\""\u00e9""", @"x\udc00\n""\u00e9")]
    [InlineData(@"""\ude00\ud83d""", @"\ude00\ud83d")] // the halves in the wrong order: two lone ones
    [InlineData(@"""\ud800\ud83d\ude00\/""", @"\ud800\ud83d\ude00/")] // a lone high half, then a pair
    public void A_lone_surrogate_escape_is_one_UTF16_unit_as_Jackson_reads_it(string text, string escapedExpected)
    {
        // (Given escaped: a test's data with a lone surrogate does not survive its own serialization.)
        var expected = System.Text.RegularExpressions.Regex.Unescape(escapedExpected);
        // System.Text.Json refuses it; Jackson (AWS) reads it, and the writer writes one this way, so the runtime reads
        // back what it wrote (a journal replayed, a child execution's output, $parse).
        var value = JsonValue.Parse(text);
        Assert.Equal(expected, value.GetString());
        Assert.Equal(value, JsonValue.Parse(value.ToJsonString()));

        var member = JsonValue.Parse("{" + text + ":[1," + text + "]}");
        Assert.Equal(expected, member.GetObject()[0].Key);
        Assert.Equal(expected, member[expected][1].GetString());
        Assert.Equal(member, JsonValue.Parse(member.ToJsonString()));
        Assert.Equal("\ud83d\ude00", JsonValue.Parse("\"\\ud83d\\ude00\"").GetString()); // a pair is one character
    }

    [Theory]
    [InlineData("22FF22", 0, 1, "0xFF", 1)]
    [InlineData("5B0A2261C0AF225D", 1, 2, "0xC0", 4)]
    [InlineData("7B2261ED A0 80223A317D", 0, 3, "0xED", 3)]
    [InlineData("5B22F09F98225D", 0, 2, "0xF0", 2)]
    public void A_string_of_invalid_utf8_is_named_as_such_where_it_is(string hex, long line, long column, string badByte, long offset)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        var ex = Assert.Throws<JsonValueParseException>(() => JsonValue.Parse(bytes));

        Assert.Contains("invalid UTF-8: byte " + badByte + " at byte offset " + offset, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("surrogate", ex.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (ex.LineNumber, ex.BytePositionInLine));
    }

    [Fact]
    public void A_definition_value_nested_beyond_the_payload_limit_is_a_compilation_error_not_a_crash()
    {
        static string Definition(int depth) =>
            "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\",\"Result\":" + new string('[', depth) + new string(']', depth) + ",\"End\":true}}}";
        var options = new AslCompiler.Language.Json.JsonReaderOptions { MaxDepth = 100_000 };
        var deep = AslCompiler.Language.Model.AslDefinitionReader.Read(AslCompiler.Language.Json.JsonSyntaxReader.Parse(Definition(50_000), options)).Definition!;
        var fits = AslCompiler.Language.Model.AslDefinitionReader.Read(AslCompiler.Language.Json.JsonSyntaxReader.Parse(Definition(900), options)).Definition!;

        var error = Assert.Throws<AslCompiler.Runtime.Interpreter.AslCompilationException>(() => AslCompiler.Runtime.Interpreter.AslInterpreter.Compile(deep));

        Assert.Contains("deeper than 1000 levels", error.Message, StringComparison.Ordinal);
        Assert.NotNull(AslCompiler.Runtime.Interpreter.AslInterpreter.Compile(fits));
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_an_error_not_a_crash()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.Throws<JsonValueParseException>(() => JsonValue.Parse(deep));
        Assert.Equal(JsonKind.Array, JsonValue.Parse(new string('[', 500) + new string(']', 500)).Kind);
    }

    [Fact]
    public void Converts_from_the_language_core_syntax_tree()
    {
        const string text = "{\"a\":[1,1.5,\"s\",true,false,null,{}],\"big\":123456789012345678901234567890}";
        var syntax = JsonSyntaxReader.Parse(text).Root!;
        var value = JsonValue.FromSyntax(syntax);
        Assert.Equal(JsonValue.Parse(text), value);
        Assert.Equal(text, value.ToJsonString());
    }

    [Fact]
    public void Accessors_answer_by_kind()
    {
        var value = JsonValue.Parse("{\"n\":3,\"d\":2.5,\"s\":\"x\",\"a\":[1]}");
        Assert.True(value["n"].TryGetInt32(out var n) && n == 3);
        Assert.False(value["d"].TryGetInt64(out _));
        Assert.Equal(2.5, value["d"].GetDouble());
        Assert.Equal("x", value["s"].GetString());
        Assert.Single(value["a"].GetArray());
        Assert.True(value["a"][5].IsUndefined);
        Assert.True(value["s"]["x"].IsUndefined);
        Assert.Throws<InvalidOperationException>(() => value["s"].GetArray());
    }

    [Fact]
    public void Undefined_array_items_become_null()
    {
        Assert.Equal("[1,null]", JsonValue.CreateArray(1, default).ToJsonString());
    }

    [Fact]
    public void Numbers_compare_by_value_across_forms()
    {
        Assert.True(JsonValue.CompareNumbers(JsonValue.Parse("123456789012345678901234567890"), JsonValue.Parse("1e29")) > 0);
        Assert.True(JsonValue.CompareNumbers(JsonValue.Parse("2"), JsonValue.Parse("2.5")) < 0);
        Assert.Equal(0, JsonValue.CompareNumbers(JsonValue.Parse("-0.0"), JsonValue.Parse("0")));
    }

    [Theory]
    [InlineData(400, 0, 1)]
    [InlineData(400, 1, 0)]
    [InlineData(400, 0, 0)]
    [InlineData(309, 3, 7)]
    [InlineData(20, 5, 4)]
    public void Integers_beyond_the_double_range_compare_exactly(int zeros, int leftLast, int rightLast)
    {
        // 10^zeros plus a last digit: beyond about 309 digits both are infinite as doubles.
        var left = "1" + new string('0', zeros - 1) + leftLast;
        var right = "1" + new string('0', zeros - 1) + rightLast;
        var expected = leftLast.CompareTo(rightLast);

        Assert.Equal(expected, JsonValue.CompareNumbers(JsonValue.Parse(left), JsonValue.Parse(right)));
        Assert.Equal(-expected, JsonValue.CompareNumbers(JsonValue.Parse("-" + left), JsonValue.Parse("-" + right)));
        Assert.Equal(expected == 0, JsonValue.Parse(left).Equals(JsonValue.Parse(right)));
        Assert.True(JsonValue.CompareNumbers(JsonValue.Parse("-" + left), JsonValue.Parse(right)) < 0);
        Assert.True(JsonValue.CompareNumbers(JsonValue.Parse(left), JsonValue.Parse("9223372036854775807")) > 0);
        Assert.True(JsonValue.CompareNumbers(JsonValue.Parse("-9223372036854775808"), JsonValue.Parse("-" + left)) > 0);
        Assert.True(JsonValue.CompareNumbers(JsonValue.Parse(left), JsonValue.Parse("1" + new string('0', zeros + 1))) < 0);
    }

    internal static readonly Gen<JsonValue> GenValue = CreateGenerator();

    private static Gen<JsonValue> CreateGenerator()
    {
        var scalar = Gen.OneOf(
            Gen.Const(JsonValue.Null),
            Gen.Bool.Select(JsonValue.FromBoolean),
            Gen.Long.Select(JsonValue.FromNumber),
            Gen.Double.Where(double.IsFinite).Select(JsonValue.FromNumber),
            Gen.String.Select(JsonValue.FromString),
            Gen.Char['0', '9'].Array[20, 40].Select(d => JsonValue.NumberFromText("9" + new string(d))));
        return Gen.Recursive<JsonValue>((depth, self) => depth >= 4
            ? scalar
            : Gen.Frequency(
                (4, scalar),
                (1, self.Array[0, 5].Select(items => JsonValue.CreateArray(items))),
                (1, Gen.Select(Gen.String[0, 6], self).Array[0, 5].Select(members =>
                    JsonValue.CreateObject(members.Select(m => new KeyValuePair<string, JsonValue>(m.Item1, m.Item2)).ToArray())))));
    }

    [Fact]
    public void Random_values_round_trip_through_text()
    {
        GenValue.Sample(value =>
        {
            var text = value.ToJsonString();
            var parsed = JsonValue.Parse(text);
            Assert.Equal(value, parsed);
            Assert.Equal(value.GetHashCode(), parsed.GetHashCode());
            Assert.Equal(text, parsed.ToJsonString());
        }, iter: 2000);
    }
}
