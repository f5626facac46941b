using CsCheck;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

public class JsonPathEvaluatorTests
{
    private static readonly JsonValue Input = JsonValue.Parse("""{"a":{"b":[1,2,3]},"items":[{"price":5},{"price":15}],"s":"x"}""");

    [Theory]
    [InlineData("$.a.b[-1]", "3")]
    [InlineData("$.a.b[*]", "[1,2,3]")]
    [InlineData("$.items[?(@.price < 10)]", "[{\"price\":5}]")]
    [InlineData("$..price", "[5,15]")]
    [InlineData("$.a.b.length()", "3")]
    public void Paths_select_as_Step_Functions_does(string path, string expected)
    {
        var result = JsonPathEvaluator.Evaluate(path, Input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("@.price > 1", " && ", "[{\"price\":15}]", "@.price > 10")]
    [InlineData("@.price > 100", " || ", "[{\"price\":5}]", "@.price < 10")]
    public void A_filter_of_many_conditions_is_evaluated_not_a_stack_overflow(string repeated, string op, string expected, string last)
    {
        var path = "$.items[?(" + string.Join(op, Enumerable.Repeat(repeated, 100_000)) + op + last + ")]";

        var result = JsonPathEvaluator.Evaluate(path, Input);

        Assert.True(result.IsSuccess, result.Cause);
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("@.price > 1", "@.nope > 1", "@.price < 10", "@.price > 10")]
    [InlineData("@.nope == 1", "@.price > 1", "!@.price", "@.price == 15")]
    [InlineData("@.price", "@.price > 10", "@.price < 10", "@.nope")]
    public void A_run_of_conditions_selects_as_the_same_run_nested_to_the_left(string a, string b, string c, string d)
    {
        foreach (var op in new[] { " && ", " || " })
        {
            var flat = "$.items[?(" + a + op + b + op + c + op + d + ")]";
            var nested = "$.items[?(((" + a + op + b + ")" + op + c + ")" + op + d + ")]";

            Assert.Equal(JsonPathEvaluator.Evaluate(nested, Input).ToString(), JsonPathEvaluator.Evaluate(flat, Input).ToString());
        }
    }

    [Theory]
    [InlineData("$.NoSuchOutputPath", "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']")]
    [InlineData("$.no.such.result.path", "Invalid path '$.no.such.result.path' : Missing property in path $['no']")]
    public void Missing_definite_path_fails_with_the_AWS_cause(string path, string cause)
    {
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.EmptyObject);
        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Equal(cause, result.Cause);
    }

    [Fact]
    public void Templates_render_written_members_first_then_path_members_in_Java_HashMap_order()
    {
        // Recorded on AWS (localstack test_reference_assign BASE_REFERENCE_IN_INTRINSIC_FUNCTION and
        // test_map_item_reader_base_json_with_items_path): the rendered objects' member order.
        var template = PayloadTemplate.Create(JsonValue.Parse("""
            {"ops":{"mergedJson.$":"$.m","parsedJson.$":"$.p","stringifiedJson.$":"$.s"},
             "reader":{"Bucket.$":"$.b","Key.$":"$.k","from_previous":["x"]},"z":1}
            """));
        var result = template.Evaluate(JsonValue.Parse("""{"m":1,"p":2,"s":3,"b":"bk","k":"key"}"""));
        Assert.Equal(
            """{"ops":{"parsedJson":2,"mergedJson":1,"stringifiedJson":3},"reader":{"from_previous":["x"],"Bucket":"bk","Key":"key"},"z":1}""",
            result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$[1:3]", "[\"a\",4]")]
    [InlineData("$[-4:1]", "[4,5,100,\"nice\",2]")]
    [InlineData("$[-4:2]", "[4,5,100,\"nice\",2,\"a\"]")]
    [InlineData("$[3:-2]", "[]")]
    [InlineData("$[-2:]", "[100,\"nice\"]")]
    [InlineData("$[:-4]", "[2,\"a\"]")]
    [InlineData("$[-10:2]", "[2,\"a\",4,5,100,\"nice\",2,\"a\"]")]
    [InlineData("$[0:100]", "[2,\"a\",4,5,100,\"nice\"]")]
    public void Slices_follow_Jayways_three_forms(string path, string expected)
    {
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse("""[2,"a",4,5,100,"nice"]"""));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$.a[1:3]", "Invalid path '$.a[1:3]' : Filter: [1:3] can only be applied to arrays. Current context is: {\"b\":[1,2,3]}")]
    [InlineData("$.s[0,1]", "Invalid path '$.s[0,1]' : Filter: [0,1] can only be applied to arrays. Current context is: \"x\"")]
    [InlineData("$.nope[*]", "Invalid path '$.nope[*]' : Missing property in path $['nope']")]
    [InlineData("$.s.t[*]", "Invalid path '$.s.t[*]' : Expected to find an object with property ['t'] in path $['s'] but found 'java.lang.String'. This is not a json object.")]
    [InlineData("$.nope.sum()", "Invalid path '$.nope.sum()' : Missing property in path $['nope']")]
    [InlineData("$.items.sum()", "Invalid path '$.items.sum()' : Aggregation function attempted to calculate value using empty array")]
    public void After_a_definite_prefix_a_step_that_cannot_apply_fails_as_in_Jayway(string path, string cause)
    {
        var result = JsonPathEvaluator.Evaluate(path, Input, null, JsonPathErrorMode.Jayway);
        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Equal(cause, result.Cause);
    }

    [Theory]
    [InlineData("$.a[1:3]")]
    [InlineData("$.s[0,1]")]
    [InlineData("$.nope[*]")]
    [InlineData("$.nope[1:].x")]
    [InlineData("$.s.t[*]")]
    public void Step_Functions_gives_an_empty_array_where_Jayway_would_throw(string path)
    {
        // Recorded on AWS (localstack test_json_path_array_wildcard_or_slice_with_no_input): "$.items[1:].itemValue" on {} is [].
        var result = JsonPathEvaluator.Evaluate(path, Input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("[]", result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$[*].nope[*]", "[]")]
    [InlineData("$..a[1:2]", "[]")]
    public void After_an_indefinite_step_nodes_that_do_not_fit_are_skipped(string path, string expected)
    {
        var result = JsonPathEvaluator.Evaluate(path, Input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$.n.sum()", "10.0")]
    [InlineData("$.n.min()", "1.0")]
    [InlineData("$.n.max()", "4.0")]
    [InlineData("$.n.avg()", "2.5")]
    [InlineData("$.n.stddev()", "1.118033988749895")]
    [InlineData("$.n.first()", "1")]
    [InlineData("$.n.last()", "4")]
    [InlineData("$.n.length()", "4")]
    [InlineData("$.o.keys()", "[\"x\",\"y\"]")]
    [InlineData("$.mixed.sum()", "3.5")]
    public void Jayway_path_functions_apply_to_what_the_path_names(string path, string expected)
    {
        var input = JsonValue.Parse("""{"n":[1,2,3,4],"o":{"x":1,"y":2},"mixed":[1,"a",2.5,null]}""");
        var result = JsonPathEvaluator.Evaluate(path, input, null, JsonPathErrorMode.Jayway);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$.n.sum()", "$['n']['sum()']")]
    [InlineData("$.n.min()", "$['n']['min()']")]
    [InlineData("$.n.max()", "$['n']['max()']")]
    [InlineData("$.n.avg()", "$['n']['avg()']")]
    [InlineData("$.n.stddev()", "$['n']['stddev()']")]
    [InlineData("$.n.first()", "$['n']['first()']")]
    [InlineData("$.n.last()", "$['n']['last()']")]
    [InlineData("$.o.keys()", "$['o']['keys()']")]
    [InlineData("$.n.size()", "$['n']['size()']")]
    public void Step_Functions_evaluates_length_but_no_other_path_function(string path, string canonical)
    {
        var input = JsonValue.Parse("""{"n":[1,2,3,4],"o":{"x":1,"y":2}}""");
        var result = JsonPathEvaluator.Evaluate(path, input);
        Assert.False(result.IsSuccess);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Equal("Invalid path '" + path + "' : No results for path: " + canonical, result.Cause);
        Assert.Equal("4", JsonPathEvaluator.Evaluate("$.n.length()", input).Value.ToJsonString());
    }

    [Fact]
    public void A_path_function_in_Parameters_could_not_be_found_as_AWS_reports()
    {
        // As reported from AWS for a Pass state's Parameters {"Jobs.$": "$.Jobs.sum()"}.
        var template = PayloadTemplate.Create(JsonValue.Parse("""{"Jobs.$":"$.Jobs.sum()"}"""));
        var result = template.Evaluate(JsonValue.Parse("""{"Jobs":[0,1,0]}"""));
        Assert.Equal("The JSONPath '$.Jobs.sum()' specified for the field 'Jobs.$' could not be found in the input '{\"Jobs\":[0,1,0]}'", result.Cause);
    }

    [Theory]
    [InlineData("$[?(@.key===42)]", "[{\"key\":42}]")]
    [InlineData("$[?(@.key!==42)]", "[{\"key\":\"42\"},{\"key\":42.5}]")]
    [InlineData("$[?(@.key==42)]", "[{\"key\":42},{\"key\":\"42\"}]")]
    [InlineData("$[?(@.key==042)]", "[{\"key\":42},{\"key\":\"42\"}]")]
    public void Type_safe_and_loose_equality_in_filters(string path, string expected)
    {
        var input = JsonValue.Parse("""[{"key":42},{"key":"42"},{"key":42.5}]""");
        var result = JsonPathEvaluator.Evaluate(path, input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("/A.C/", "[\"abc\"]", "[]")]
    [InlineData("/A.C/i", "[\"abc\",\"AbC\",\"xbc\"]", "[\"abc\",\"AbC\"]")]
    [InlineData("/a.c/", "[\"a\\nc\",\"abc\"]", "[\"abc\"]")]
    [InlineData("/a.c/s", "[\"a\\nc\",\"abc\"]", "[\"a\\nc\",\"abc\"]")]
    [InlineData("/.*^b$.*/", "[\"a\\nb\\nc\"]", "[]")]
    [InlineData("/.*^b$.*/s", "[\"a\\nb\\nc\"]", "[]")]
    [InlineData("/.*^b$.*/ms", "[\"a\\nb\\nc\",\"b\",\"ab\"]", "[\"a\\nb\\nc\",\"b\"]")]
    [InlineData("/a b c # letters/x", "[\"abc\",\"a b c\"]", "[\"abc\"]")]
    [InlineData("/a b/", "[\"abc\",\"a b\"]", "[\"a b\"]")]
    [InlineData("/\\d+/dU", "[\"12\",\"x\"]", "[\"12\"]")]
    public void Regex_flags_follow_Jayway(string regex, string document, string expected)
    {
        // Jayway's PatternFlag: i, m (lines), s (dot matches a line feed), x (comments); u, U and d change nothing here.
        var result = JsonPathEvaluator.Evaluate("$[?(@ =~ " + regex + ")]", JsonValue.Parse(document));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$[?(@.v =~ /1.*/)]", "[{\"v\":10},{\"v\":\"1\"},{\"v\":1.5},{\"v\":[\"x\",\"12\"]},{\"v\":\"x\"},{\"v\":[]}]", "[{\"v\":10},{\"v\":\"1\"},{\"v\":1.5},{\"v\":[\"x\",\"12\"]}]")]
    [InlineData("$[?(@.v =~ /true/)]", "[{\"v\":true},{\"v\":false},{\"v\":\"true\"}]", "[{\"v\":true},{\"v\":\"true\"}]")]
    [InlineData("$[?(@.v =~ //)]", "[{\"v\":null},{\"v\":{\"k\":1}},{},{\"v\":\"\"},{\"v\":0},{\"v\":[]}]", "[{\"v\":null},{\"v\":{\"k\":1}},{},{\"v\":\"\"}]")]
    [InlineData("$[?(@.v =~ /.*E.*/)]", "[{\"v\":1e20},{\"v\":1.5e-7},{\"v\":100}]", "[{\"v\":1.0E20},{\"v\":1.5E-7}]")]
    public void Regex_matches_the_text_of_any_value_as_Jayway_does(string path, string document, string expected)
    {
        // Jayway 2.10 (RegexMatchEvaluator): a number or boolean by its text, null/objects/missing members as "",
        // an array when any item matches. These used to match strings only.
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse(document));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$[?(@.n in $.missing || @.t)]", "[]")]
    [InlineData("$[?(!(@.n in @.n))]", "[]")]
    [InlineData("$[?(!(@.n in @.o))]", "[{\"n\":1,\"o\":{\"k\":1},\"a\":[1,2],\"t\":true}]")]
    [InlineData("$[?(@.n nin @.o)]", "[{\"n\":1,\"o\":{\"k\":1},\"a\":[1,2],\"t\":true}]")]
    [InlineData("$[?(@.t || @.n in @.n)]", "[{\"n\":1,\"o\":{\"k\":1},\"a\":[1,2],\"t\":true}]")]
    [InlineData("$[?(@.n subsetof @.a || @.t)]", "[]")]
    [InlineData("$[?(!(@.a anyof @.o))]", "[{\"n\":1,\"o\":{\"k\":1},\"a\":[1,2],\"t\":true}]")]
    [InlineData("$[?(!(@.n noneof @.o))]", "[{\"n\":1,\"o\":{\"k\":1},\"a\":[1,2],\"t\":true}]")]
    [InlineData("$[?(!(@.a noneof @.n))]", "[]")]
    public void A_list_operator_without_a_list_rejects_the_item_as_Jayway_does(string path, string expected)
    {
        // Jayway 2.10 throws InvalidPathException for in/nin with a right side that is not an array or object, and
        // for subsetof/anyof/noneof with a side that is neither; its filter takes that as no match, also under '!'
        // and beside '||'. An object is a list that holds nothing. These used to be a plain false.
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse("""[{"n":1,"o":{"k":1},"a":[1,2],"t":true}]"""));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$..[?(!@.c)]", "[null]", "[null]")]
    [InlineData("$..[?(3>1)]", "[{}]", "[{},{}]")]
    [InlineData("$..[?(!@.deleted)]", "{\"items\":[{\"id\":1},{\"id\":2,\"deleted\":true},\"x\"],\"n\":{\"deleted\":false}}",
        "[{\"items\":[{\"id\":1},{\"id\":2,\"deleted\":true},\"x\"],\"n\":{\"deleted\":false}},{\"id\":1},\"x\",{\"id\":1}]")]
    [InlineData("$..[?(@.id==2)]", "{\"a\":[{\"id\":2},[{\"id\":2}]]}", "[{\"id\":2},{\"id\":2}]")]
    public void A_scan_filter_walks_as_Jayway_does(string path, string document, string expected)
    {
        // Jayway 2.10: an array that passes the filter itself adds its passing items (primitives too) before the
        // walk goes into them; objects are tested as they are met. Arrays used to add nothing by themselves.
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse(document));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Fact]
    public void Random_paths_never_crash_the_evaluator()
    {
        var document = JsonValue.Parse("""{"a":[1,"2",{"b":[3,{"c":null}]},[4,5]],"s":"x","o":{"k":1.5,"'q'":true},"e":[]}""");
        var pieces = Gen.OneOfConst("$", "@", ".", "..", "a", "b", "'q'", "[", "]", "*", "0", "-1", ":", ",", "?(", ")", "@.k", "==", "===", "<", " ",
            "sum()", "min()", "length()", "keys()", "first()", "s", "o", "e", "'a'", "010", "/", "^");
        pieces.Array[1, 14].Sample(parts =>
        {
            var text = string.Concat(parts);
            var result = JsonPathEvaluator.Evaluate(text, document);
            Assert.True(result.IsSuccess || result.Error == StatesErrorNames.Runtime);
            var jayway = JsonPathEvaluator.Evaluate(text, document, null, JsonPathErrorMode.Jayway);
            Assert.True(jayway.IsSuccess || jayway.Error == StatesErrorNames.Runtime);
        }, iter: 5000);
    }

    [Fact]
    public void Variables_and_context_are_reachable()
    {
        var context = EvaluationContext.Create(JsonValue.Parse("""{"Execution":{"Id":"e1"}}"""), JsonValue.Parse("""{"v":{"x":[7]}}"""));
        Assert.Equal("\"e1\"", JsonPathEvaluator.Evaluate("$$.Execution.Id", Input, context).Value.ToJsonString());
        Assert.Equal("7", JsonPathEvaluator.Evaluate("$v.x[0]", Input, context).Value.ToJsonString());
    }

    [Theory]
    [InlineData(null, "{\"a\":1}")]
    [InlineData("$", "\"r\"")]
    [InlineData("$.x.y", "{\"a\":1,\"x\":{\"y\":\"r\"}}")]
    [InlineData("$.a", "{\"a\":\"r\"}")]
    public void ResultPath_places_the_result(string? path, string expected)
    {
        var result = ResultPath.Apply(path, JsonValue.Parse("{\"a\":1}"), "r");
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Fact]
    public void ResultPath_into_a_non_object_fails()
    {
        Assert.Equal(StatesErrorNames.ResultPathMatchFailure, ResultPath.Apply("$.a.b", JsonValue.Parse("{\"a\":1}"), "r").Error);
        Assert.Equal(StatesErrorNames.ResultPathMatchFailure, ResultPath.Apply("$.a", "text", "r").Error);
    }

    [Fact]
    public void Templates_render_paths_intrinsics_and_constants()
    {
        var template = PayloadTemplate.Create(JsonValue.Parse("""{"k":"v","n":{"p.$":"$.a.b[0]"},"arr":[{"f.$":"States.Format('{}!', $.s)"}]}"""));
        Assert.Equal("{\"k\":\"v\",\"n\":{\"p\":1},\"arr\":[{\"f\":\"x!\"}]}", template.Evaluate(Input).Value.ToJsonString());
        var missing = PayloadTemplate.Create(JsonValue.Parse("""{"value.$":"$.nope"}""")).Evaluate(JsonValue.EmptyObject);
        Assert.Equal("The JSONPath '$.nope' specified for the field 'value.$' could not be found in the input '{}'", missing.Cause);
    }

    [Theory]
    [InlineData("log-*.txt", "log-2024.txt", true)]
    [InlineData("*", "", true)]
    [InlineData(@"a\*b", "a*b", true)]
    [InlineData(@"a\*b", "axb", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbY", false)]
    public void StringMatches_follows_star_and_escape_rules(string pattern, string text, bool matches)
    {
        Assert.Equal(matches, ChoiceRuleEvaluator.StringMatches(text, pattern));
    }

    [Theory]
    [InlineData("2001-01-01T12:00:00Z", true)]
    [InlineData("2001-01-01T12:00:00.1234567Z", true)]
    [InlineData("2001-01-01T12:00:00.12345678Z", true)] // found by a user trial: 8 and 9 digits, which a Wait takes, were "not a timestamp"
    [InlineData("2001-01-01T12:00:00.123456789+01:00", true)]
    [InlineData("2001-01-01T12:00:00.1234567890Z", false)]
    [InlineData("2001-01-01t12:00:00Z", false)]
    [InlineData("2001-01-01T12:00:00.Z", false)] // found by a user trial: a point with no digit, which a Wait refuses
    public void IsTimestamp_takes_up_to_nanoseconds(string text, bool expected)
    {
        var input = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("t", text));
        Assert.Equal(expected, ChoiceRuleEvaluator.Evaluate(JsonValue.Parse("""{"Variable":"$.t","IsTimestamp":true}"""), input).Value.IsTrue);
        Assert.Equal(expected, ChoiceRuleEvaluator.Evaluate(JsonValue.Parse("""{"Variable":"$.t","TimestampGreaterThan":"2001-01-01T11:00:00Z"}"""), input).Value.IsTrue);
    }

    [Fact]
    public void Choice_rules_combine_with_And_Or_Not()
    {
        var rule = JsonValue.Parse("""{"And":[{"Variable":"$.s","StringEquals":"x"},{"Not":{"Variable":"$.a.b[0]","NumericGreaterThanPath":"$.a.b[1]"}}]}""");
        Assert.True(ChoiceRuleEvaluator.Evaluate(rule, Input).Value.IsTrue);
        Assert.False(ChoiceRuleEvaluator.Evaluate(JsonValue.Parse("""{"Variable":"$.zz","IsPresent":true}"""), Input).Value.IsTrue);
    }

    [Theory]
    [InlineData(ChoiceRuleEvaluator.MaxRuleDepth, null)]
    [InlineData(ChoiceRuleEvaluator.MaxRuleDepth + 1, "A Choice rule is nested more than 1000 levels deep (And, Or, Not).")]
    public void A_rule_nested_too_deep_is_refused_for_its_depth(int nots, string? cause)
    {
        var rule = JsonValue.Parse(string.Concat(Enumerable.Repeat("""{"Not":""", nots)) + """{"Variable":"$.s","IsPresent":true}""" + new string('}', nots), nots + 1);

        // On a 1 MB stack (a Windows thread's), so the deepest rule allowed is shown to fit any thread.
        EvaluationResult result = default;
        var thread = new Thread(() => result = ChoiceRuleEvaluator.Evaluate(rule, Input), 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(cause, result.IsSuccess ? null : result.Cause);
        Assert.Equal(cause is null, result.IsSuccess);
        Assert.Equal("A Choice rule must be an object.", ChoiceRuleEvaluator.Evaluate(JsonValue.Parse("""{"Not":[1]}"""), Input).Cause);
    }

    [Theory]
    [InlineData("$.zz", "false")]
    [InlineData("$.s", "true")]
    [InlineData("$.zz[*]", "true")]
    [InlineData("$..nothing", "true")]
    [InlineData("$.a.b[?(@ =~ /[/)]", null)]
    public void IsPresent_is_absent_only_for_a_definite_path_that_names_nothing_and_fails_when_the_path_cannot_be_evaluated(string path, string? present)
    {
        var result = ChoiceRuleEvaluator.Evaluate(JsonValue.Parse("{\"Variable\":\"" + path + "\",\"IsPresent\":true}"), Input);
        if (present is null)
        {
            Assert.False(result.IsSuccess);
            Assert.Equal("States.Runtime", result.Error);
            Assert.Contains("The regular expression /[/ is not valid", result.Cause, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(present, result.Value.ToJsonString());
        }
    }
}
