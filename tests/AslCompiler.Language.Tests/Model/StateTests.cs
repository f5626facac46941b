using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using static AslCompiler.Language.Tests.Model.ModelTestText;

namespace AslCompiler.Language.Tests.Model;

public sealed class StateTests
{
    [Fact]
    public void Pass_state_fields()
    {
        var pass = State<PassState>(
            "{'Type':'Pass','Comment':'c','InputPath':'$.in','Parameters':{'a.$':'$.x'},'Result':{'r':[1,2]}," +
            "'ResultPath':'$.out','OutputPath':'$.o','Assign':{'v':1},'Next':'N'}");
        Assert.Equal(StateType.Pass, pass.Type);
        Assert.Equal("Pass", pass.TypeName);
        Assert.Equal("S", pass.Name);
        Assert.Equal("c", pass.Comment);
        Assert.Equal("$.in", pass.InputPath!.Path);
        Assert.Equal("{\"a.$\":\"$.x\"}", pass.Parameters!.ToJsonString());
        Assert.Equal("{\"r\":[1,2]}", pass.Result!.ToJsonString());
        Assert.Equal("$.out", pass.ResultPath!.Path);
        Assert.Equal("$.o", pass.OutputPath!.Path);
        Assert.Equal("{\"v\":1}", pass.Assign!.ToJsonString());
        Assert.Null(pass.Output);
        Assert.Equal("N", pass.Next);
        Assert.Null(pass.End);
        Assert.False(pass.IsTerminal);
        Assert.Empty(pass.UnknownFields);
    }

    [Fact]
    public void Task_state_fields_in_JSONPath()
    {
        var task = State<TaskState>(
            "{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Credentials':{'RoleArn':'arn:r'}," +
            "'TimeoutSecondsPath':'$.t','HeartbeatSecondsPath':'$.h','InputPath':null,'Parameters':{'p':1}," +
            "'ResultSelector':{'s.$':'$.Payload'},'ResultPath':null,'OutputPath':'$'," +
            "'Retry':[{'ErrorEquals':['States.ALL']}],'Catch':[{'ErrorEquals':['States.ALL'],'Next':'F'}],'End':true}");
        Assert.Equal("arn:aws:states:::lambda:invoke", task.Resource);
        Assert.Equal("{\"RoleArn\":\"arn:r\"}", task.Credentials!.ToJsonString());
        Assert.Equal("$.t", task.TimeoutSecondsPath);
        Assert.Equal("$.h", task.HeartbeatSecondsPath);
        Assert.True(task.InputPath!.IsNull);
        Assert.True(task.ResultPath!.IsNull);
        Assert.Equal("$", task.OutputPath!.Path);
        Assert.NotNull(task.ResultSelector);
        Assert.Single(task.Retry!);
        Assert.Equal("F", Assert.Single(task.Catch!).Next);
        Assert.True(task.End);
        Assert.True(task.IsTerminal);
        Assert.Equal(new AslNode[] { task.Retry![0], task.Catch![0] }, task.ChildNodes);
        Assert.Empty(task.UnknownFields);
    }

    [Fact]
    public void Task_state_fields_in_JSONata()
    {
        var task = State<TaskState>(
            "{'Type':'Task','QueryLanguage':'JSONata','Resource':'arn:aws:states:::lambda:invoke'," +
            "'Arguments':{'FunctionName':'f','Payload':'{% $states.input %}'},'TimeoutSeconds':'{% $t %}','HeartbeatSeconds':5," +
            "'Output':'{% $states.result.Payload %}','Assign':{'x':'{% 1 %}'},'End':true}");
        Assert.Equal(QueryLanguage.Jsonata, task.QueryLanguage);
        Assert.Equal(QueryLanguage.Jsonata, task.EffectiveQueryLanguage);
        Assert.Equal(JsonSyntaxKind.Object, task.Arguments!.Kind);
        Assert.True(task.TimeoutSeconds!.IsExpression);
        Assert.Equal(" $t ", task.TimeoutSeconds.Expression);
        Assert.Null(task.TimeoutSeconds.Integer);
        Assert.False(task.HeartbeatSeconds!.IsExpression);
        Assert.Equal(5, task.HeartbeatSeconds.Integer);
        Assert.Equal("\"{% $states.result.Payload %}\"", task.Output!.ToJsonString());
        Assert.Empty(task.UnknownFields);
    }

    [Fact]
    public void Choice_state_fields()
    {
        var choice = State<ChoiceState>(
            "{'Type':'Choice','InputPath':'$.x','Choices':[{'Variable':'$.a','IsPresent':true,'Next':'A'},7," +
            "{'Not':{'Variable':'$.b','BooleanEquals':false},'Next':'B'}],'Default':'D','OutputPath':'$.y','Assign':{}}");
        Assert.Equal(2, choice.Choices!.Count);
        Assert.Equal("D", choice.Default);
        Assert.Equal("$.x", choice.InputPath!.Path);
        Assert.Equal("$.y", choice.OutputPath!.Path);
        Assert.Equal("{}", choice.Assign!.ToJsonString());
        Assert.Equal(new[] { "/States/S/Choices/0", "/States/S/Choices/2" }, choice.Choices.Select(c => c.Pointer));
        Assert.Empty(choice.UnknownFields);
    }

    [Fact]
    public void Choice_state_with_Next_keeps_it_as_an_unknown_field()
    {
        var choice = State<ChoiceState>("{'Type':'Choice','Choices':[],'Next':'X','End':true}");
        Assert.Equal("X", choice.Next);
        Assert.Equal(new[] { "Next", "End" }, choice.UnknownFields.Select(f => f.Name));
    }

    [Fact]
    public void Wait_state_with_literal_seconds_and_timestamp_path()
    {
        var wait = State<WaitState>("{'Type':'Wait','Seconds':10,'TimestampPath':'$.ts','Next':'N'}");
        Assert.Equal(10, wait.Seconds!.Integer);
        Assert.False(wait.Seconds.IsExpression);
        Assert.Equal("$.ts", wait.TimestampPath);
        Assert.Null(wait.SecondsPath);
        Assert.Null(wait.Timestamp);
    }

    [Fact]
    public void Wait_state_with_JSONata_seconds_and_literal_timestamp()
    {
        var wait = State<WaitState>(
            "{'Type':'Wait','QueryLanguage':'JSONata','Seconds':'{% $states.input.delay %}','Timestamp':'2016-03-14T01:59:00Z'," +
            "'SecondsPath':'$.s','Output':{'a':1},'End':true}");
        Assert.True(wait.Seconds!.IsExpression);
        Assert.Equal(" $states.input.delay ", wait.Seconds.Expression);
        Assert.Equal("2016-03-14T01:59:00Z", wait.Timestamp!.String);
        Assert.False(wait.Timestamp.IsExpression);
        Assert.Equal("$.s", wait.SecondsPath);
        Assert.NotNull(wait.Output);
    }

    [Fact]
    public void Succeed_state_fields()
    {
        var succeed = State<SucceedState>("{'Type':'Succeed','InputPath':'$.a','OutputPath':null,'Output':'{% 1 %}','Comment':'done'}");
        Assert.Equal("$.a", succeed.InputPath!.Path);
        Assert.True(succeed.OutputPath!.IsNull);
        Assert.NotNull(succeed.Output);
        Assert.True(succeed.IsTerminal);
        Assert.Empty(succeed.UnknownFields);
    }

    [Fact]
    public void Fail_state_fields()
    {
        var fail = State<FailState>("{'Type':'Fail','Error':'E','CausePath':'$.cause'}");
        Assert.Equal("E", fail.Error!.String);
        Assert.Equal("$.cause", fail.CausePath);
        Assert.Null(fail.Cause);
        Assert.Null(fail.ErrorPath);
        Assert.True(fail.IsTerminal);

        var jsonata = State<FailState>("{'Type':'Fail','Error':'{% $e %}','Cause':'plain','ErrorPath':'$.e'}");
        Assert.True(jsonata.Error!.IsExpression);
        Assert.Null(jsonata.Error.String);
        Assert.Equal("plain", jsonata.Cause!.String);
        Assert.Equal("$.e", jsonata.ErrorPath);
    }

    [Fact]
    public void Fail_state_documents_no_IO_fields()
    {
        var fail = State<FailState>("{'Type':'Fail','InputPath':'$','OutputPath':'$','ResultPath':'$','Next':'X','End':true}");
        Assert.Equal(new[] { "InputPath", "OutputPath", "ResultPath", "Next", "End" }, fail.UnknownFields.Select(f => f.Name));
    }

    [Fact]
    public void Parallel_state_fields_and_branches()
    {
        var parallel = State<ParallelState>(
            "{'Type':'Parallel','Parameters':{'p':1},'Arguments':{'a':2},'ResultSelector':{'r':3},'ResultPath':'$.r'," +
            "'Branches':[{'Comment':'b1','StartAt':'A','States':{'A':{'Type':'Pass','End':true}}},'x'," +
            "{'StartAt':'B','States':{'B':{'Type':'Succeed'}},'Extra':1}],'Retry':[],'Catch':[],'Next':'N'}");
        Assert.Equal(2, parallel.Branches!.Count);
        Assert.Equal("b1", parallel.Branches[0].Comment);
        Assert.Equal("A", parallel.Branches[0].StartAt);
        Assert.Same(parallel.Branches[0].States[0], parallel.Branches[0].StartState);
        Assert.Equal("/States/S/Branches/2/States/B", parallel.Branches[1].States[0].Pointer);
        Assert.Equal(new[] { "Extra" }, parallel.Branches[1].UnknownFields.Select(f => f.Name));
        Assert.Empty(parallel.Retry!);
        Assert.Empty(parallel.Catch!);
        Assert.NotNull(parallel.Arguments);
        Assert.NotNull(parallel.Parameters);
        Assert.NotNull(parallel.ResultSelector);
        Assert.Empty(parallel.UnknownFields);
    }

    [Fact]
    public void Parallel_branch_does_not_document_QueryLanguage_or_TimeoutSeconds()
    {
        var parallel = State<ParallelState>(
            "{'Type':'Parallel','Branches':[{'StartAt':'A','QueryLanguage':'JSONata','TimeoutSeconds':3,'States':{'A':{'Type':'Succeed'}}}],'End':true}");
        Assert.Equal(new[] { "QueryLanguage", "TimeoutSeconds" }, parallel.Branches![0].UnknownFields.Select(f => f.Name));
    }

    [Fact]
    public void Map_state_fields_in_JSONPath()
    {
        var map = State<MapState>(
            "{'Type':'Map','Label':'L','InputPath':'$.in','ItemsPath':'$.items','ItemSelector':{'v.$':'$$.Map.Item.Value'}," +
            "'MaxConcurrency':4,'ToleratedFailureCountPath':'$.c','ToleratedFailurePercentagePath':'$.p','MaxConcurrencyPath':'$.m'," +
            "'Iterator':{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}},'ResultSelector':{},'ResultPath':'$.r','OutputPath':'$'," +
            "'Retry':[{'ErrorEquals':['E']}],'Catch':[{'ErrorEquals':['E'],'Next':'X'}],'Next':'X'}");
        Assert.Equal("L", map.Label);
        Assert.Equal("$.items", map.ItemsPath);
        Assert.Equal(4, map.MaxConcurrency!.Integer);
        Assert.Equal("$.m", map.MaxConcurrencyPath);
        Assert.Equal("$.c", map.ToleratedFailureCountPath);
        Assert.Equal("$.p", map.ToleratedFailurePercentagePath);
        Assert.Null(map.ItemProcessor);
        Assert.NotNull(map.Iterator);
        Assert.Same(map.Iterator, map.Processor);
        Assert.Equal(ProcessorMode.Inline, map.Processor!.EffectiveMode);
        Assert.Single(map.Retry!);
        Assert.Single(map.Catch!);
        Assert.Empty(map.UnknownFields);
    }

    [Fact]
    public void Map_state_fields_in_JSONata_distributed()
    {
        var map = State<MapState>(
            "{'Type':'Map','QueryLanguage':'JSONata','Items':'{% $states.input.list %}','ItemSelector':{'v':'{% $states.context.Map.Item.Value %}'}," +
            "'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'CSV','CSVHeaderLocation':'FIRST_ROW','MaxItems':'{% 10 %}'}," +
            "'Arguments':{'Bucket':'b','Key':'k'}}," +
            "'ItemBatcher':{'MaxItemsPerBatch':10,'MaxInputBytesPerBatch':'{% 1024 %}','BatchInput':{'x':1}}," +
            "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},'StartAt':'A','States':{'A':{'Type':'Succeed'}}}," +
            "'ResultWriter':{'Resource':'arn:aws:states:::s3:putObject','Arguments':{'Bucket':'b','Prefix':'p'},'WriterConfig':{'OutputType':'JSONL','Transformation':'FLATTEN'}}," +
            "'MaxConcurrency':'{% 2 %}','ToleratedFailureCount':3,'ToleratedFailurePercentage':12.5,'Output':{},'Assign':{},'End':true}");
        Assert.Equal(JsonSyntaxKind.Text, map.Items!.Kind);
        Assert.True(map.MaxConcurrency!.IsExpression);
        Assert.Equal(3, map.ToleratedFailureCount!.Integer);
        Assert.Equal("12.5", map.ToleratedFailurePercentage!.Number!.Text);
        Assert.Null(map.ToleratedFailurePercentage.Integer);
        Assert.Equal(ProcessorMode.Distributed, map.ItemProcessor!.ProcessorConfig!.Mode);
        Assert.Equal(ExecutionType.Express, map.ItemProcessor.ProcessorConfig.ExecutionType);
        Assert.Equal(ProcessorMode.Distributed, map.ItemProcessor.EffectiveMode);
        Assert.Equal("arn:aws:states:::s3:getObject", map.ItemReader!.Resource);
        Assert.Equal(ReaderInputType.Csv, map.ItemReader.ReaderConfig!.InputType);
        Assert.Equal(CsvHeaderLocation.FirstRow, map.ItemReader.ReaderConfig.CsvHeaderLocation);
        Assert.True(map.ItemReader.ReaderConfig.MaxItems!.IsExpression);
        Assert.NotNull(map.ItemReader.Arguments);
        Assert.Equal(10, map.ItemBatcher!.MaxItemsPerBatch!.Integer);
        Assert.True(map.ItemBatcher.MaxInputBytesPerBatch!.IsExpression);
        Assert.NotNull(map.ItemBatcher.BatchInput);
        Assert.Equal(ResultOutputType.Jsonl, map.ResultWriter!.WriterConfig!.OutputType);
        Assert.Equal(ResultTransformation.Flatten, map.ResultWriter.WriterConfig.Transformation);
        Assert.Equal("arn:aws:states:::s3:putObject", map.ResultWriter.Resource);
        Assert.Empty(map.DescendantsAndSelf().SelectMany(n => n.UnknownFields));
    }

    [Fact]
    public void Map_state_does_not_document_Arguments()
    {
        var map = State<MapState>("{'Type':'Map','Arguments':{},'ItemProcessor':{'StartAt':'A','States':{'A':{'Type':'Succeed'}}},'End':true}");
        Assert.Equal("Arguments", Assert.Single(map.UnknownFields).Name);
    }

    [Theory]
    [InlineData("{'End':true}", null)]
    [InlineData("{'Type':'Paus','End':true}", "Paus")]
    [InlineData("{'Type':'pass','End':true}", "pass")]
    [InlineData("{'Type':3,'End':true}", null)]
    public void Missing_or_unknown_type_gives_an_UnknownState(string json, string? typeName)
    {
        var state = State<UnknownState>(json);
        Assert.Equal(StateType.Unknown, state.Type);
        Assert.Equal(typeName, state.TypeName);
        Assert.True(state.End);
        Assert.Empty(state.UnknownFields);
    }

    [Fact]
    public void UnknownState_flags_only_fields_no_state_type_documents()
    {
        var state = State<UnknownState>("{'Type':'Loop','Resource':'r','Branches':[],'Seconds':1,'Loop':true}");
        Assert.Equal("Loop", Assert.Single(state.UnknownFields).Name);
    }

    [Theory]
    [InlineData("Pass")]
    [InlineData("Task")]
    [InlineData("Choice")]
    [InlineData("Wait")]
    [InlineData("Succeed")]
    [InlineData("Fail")]
    [InlineData("Parallel")]
    [InlineData("Map")]
    public void Every_state_type_reads_with_its_own_class_and_documents_Type_QueryLanguage_and_Comment(string type)
    {
        var definition = Read("{'StartAt':'S','States':{'S':{'Type':'" + type + "','QueryLanguage':'JSONata','Comment':'c','Bogus':1}}}");
        var state = definition.States[0];
        Assert.Equal(type, state.Type.ToString());
        Assert.Equal(type, state.TypeName);
        Assert.Equal(QueryLanguage.Jsonata, state.QueryLanguage);
        Assert.Equal("c", state.Comment);
        Assert.Equal("Bogus", Assert.Single(state.UnknownFields).Name);
        Assert.True(state.IsKnownField("Type"));
        Assert.False(state.IsKnownField("Bogus"));
    }

    [Theory]
    [InlineData("Pass", "'Next':5,'End':'yes','InputPath':1,'Parameters':3,'ResultPath':[],'OutputPath':{}")]
    [InlineData("Task", "'Resource':1,'TimeoutSeconds':{},'HeartbeatSeconds':[],'TimeoutSecondsPath':2,'Retry':{},'Catch':'x'")]
    [InlineData("Wait", "'Seconds':{},'SecondsPath':1,'Timestamp':false,'TimestampPath':[]")]
    [InlineData("Choice", "'Choices':{},'Default':1")]
    [InlineData("Parallel", "'Branches':{'StartAt':'A'}")]
    [InlineData("Map", "'ItemProcessor':[],'Iterator':'x','ItemReader':1,'ItemBatcher':[],'ResultWriter':true,'ItemsPath':1,'MaxConcurrency':{}")]
    [InlineData("Fail", "'Error':1,'Cause':{},'ErrorPath':[],'CausePath':null")]
    public void Wrong_JSON_types_never_throw_and_the_raw_syntax_stays_reachable(string type, string fields)
    {
        var definition = Read("{'StartAt':'S','States':{'S':{'Type':'" + type + "'," + fields + "}}}");
        var state = definition.States[0];
        Assert.Equal(type, state.Type.ToString());
        Assert.Null(state.Next);
        Assert.Null(state.End);
        foreach (var property in state.Syntax.Properties)
        {
            Assert.Same(property, state.GetField(property.Name));
        }

        // The writer copes with whatever the model could not type.
        var written = AslModelWriter.Write(definition, indented: false);
        Assert.True(UnorderedJson.Equal(definition.Syntax, AslDefinitionReader.Read(written).Definition!.Syntax));
    }

    [Fact]
    public void Wrong_types_are_absent_in_the_typed_view()
    {
        var task = State<TaskState>("{'Type':'Task','Resource':1,'TimeoutSecondsPath':2,'Retry':{},'Catch':'x','ResultPath':7}");
        Assert.Null(task.Resource);
        Assert.Null(task.TimeoutSecondsPath);
        Assert.Null(task.Retry);
        Assert.Null(task.Catch);
        Assert.Null(task.ResultPath);
        Assert.Equal(JsonSyntaxKind.Number, task.GetField("ResultPath")!.Value.Kind);

        var map = State<MapState>("{'Type':'Map','ItemProcessor':[],'ItemReader':1,'ItemsPath':1}");
        Assert.Null(map.ItemProcessor);
        Assert.Null(map.ItemReader);
        Assert.Null(map.ItemsPath);
        Assert.Empty(map.ChildNodes);
    }
}
