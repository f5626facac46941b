using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using static AslCompiler.Language.Tests.Model.ModelTestText;

namespace AslCompiler.Language.Tests.Model;

public sealed class AslModelWriterTests
{
    private static string Compact(string json) => AslModelWriter.Write(Read(json), indented: false);

    [Fact]
    public void Known_fields_come_in_canonical_order_then_unknown_fields_in_source_order()
    {
        var written = Compact("{'States':{'A':{'Zed':1,'End':true,'Type':'Pass','Alpha':2}},'X':0,'StartAt':'A','Comment':'c'}");
        Assert.Equal(
            "{\"Comment\":\"c\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true,\"Zed\":1,\"Alpha\":2}},\"X\":0}",
            written);
    }

    [Fact]
    public void Payload_templates_are_written_verbatim()
    {
        var written = Compact(
            "{'StartAt':'A','States':{'A':{'Parameters':{'z':1.50,'a.$':'$.x','m':{'Type':'Pass','End':true}},'Type':'Pass','End':true}}}");
        Assert.Contains("\"Parameters\":{\"z\":1.50,\"a.$\":\"$.x\",\"m\":{\"Type\":\"Pass\",\"End\":true}}", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_model_nodes_are_canonicalised_too()
    {
        var written = Compact(
            "{'StartAt':'T','States':{'T':{'End':true,'Retry':[{'MaxAttempts':2,'ErrorEquals':['E']}],'Resource':'r','Type':'Task'," +
            "'Catch':[{'Next':'T','ErrorEquals':['F']}]}}}");
        Assert.Equal(
            "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"r\",\"Retry\":[{\"ErrorEquals\":[\"E\"],\"MaxAttempts\":2}]," +
            "\"Catch\":[{\"ErrorEquals\":[\"F\"],\"Next\":\"T\"}],\"End\":true}}}",
            written);
    }

    [Fact]
    public void Choice_rules_and_sub_graphs_are_canonicalised()
    {
        var written = Compact(
            "{'StartAt':'C','States':{'C':{'Choices':[{'Next':'P','Not':{'IsNull':true,'Variable':'$.a'}}],'Type':'Choice','Default':'P'}," +
            "'P':{'Branches':[{'States':{'X':{'Type':'Succeed'}},'StartAt':'X'}],'Type':'Parallel','End':true}}}");
        Assert.Contains("\"Choices\":[{\"Not\":{\"Variable\":\"$.a\",\"IsNull\":true},\"Next\":\"P\"}]", written, StringComparison.Ordinal);
        Assert.Contains("\"Branches\":[{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Succeed\"}}}]", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Indented_output_uses_two_spaces()
    {
        var written = AslModelWriter.Write(Read("{'StartAt':'A','States':{'A':{'Type':'Succeed'}},'Foo':[]}"), indented: true);
        Assert.Equal(
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Succeed\"\n    }\n  },\n  \"Foo\": []\n}",
            written);
    }

    [Fact]
    public void Duplicate_state_names_are_all_written_in_source_order()
    {
        var written = Compact("{'StartAt':'A','States':{'A':{'Type':'Succeed'},'B':{'Type':'Succeed'},'A':{'Type':'Fail'}}}");
        Assert.Equal(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"},\"B\":{\"Type\":\"Succeed\"},\"A\":{\"Type\":\"Fail\"}}}",
            written);
    }

    [Fact]
    public void A_duplicated_known_field_is_written_once_with_the_value_the_model_uses()
    {
        var written = Compact("{'StartAt':'A','StartAt':'B','States':{}}");
        Assert.Equal("{\"StartAt\":\"B\",\"States\":{}}", written);
    }

    [Fact]
    public void Strings_are_escaped()
    {
        var written = Compact("{'Comment':'line\\nbreak \\\"quoted\\\" \\u0001','States':{}}");
        Assert.Equal("{\"Comment\":\"line\\nbreak \\\"quoted\\\" \\u0001\",\"States\":{}}", written);
    }

    [Fact]
    public void Round_trip_is_stable()
    {
        var definition = Read(
            "{'QueryLanguage':'JSONata','StartAt':'M','States':{'M':{'Type':'Map','Items':[1,2],'ItemProcessor':{'ProcessorConfig':{'Mode':'INLINE'}," +
            "'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':'{% 1 %}','End':true}}},'Output':{'n':'{% $count($states.result) %}'},'End':true}}}");
        foreach (var indented in new[] { false, true })
        {
            var once = AslModelWriter.Write(definition, indented);
            var twice = AslModelWriter.Write(AslDefinitionReader.Read(once).Definition!, indented);
            Assert.Equal(once, twice);
        }
    }

    [Fact]
    public void Null_definition_throws() =>
        Assert.Throws<ArgumentNullException>(() => AslModelWriter.Write(null!, indented: false));

    [Fact]
    public void Non_object_items_inside_model_arrays_are_written_raw()
    {
        var written = Compact("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'r','Retry':[1,{'MaxAttempts':0,'ErrorEquals':[]}],'End':true}}}");
        Assert.Contains("\"Retry\":[1,{\"ErrorEquals\":[],\"MaxAttempts\":0}]", written, StringComparison.Ordinal);
        Assert.Equal(JsonSyntaxKind.Object, JsonSyntaxReader.Parse(written).Root!.Kind);
    }
}
