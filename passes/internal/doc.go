// Package internal holds what several leakvet analyzers share, and nothing
// else. An analyzer asks its questions in these words; before writing a
// helper, find the one that answers the question here, and grow it rather
// than copy it.
//
// # Which helper answers which question
//
//	Question                                            Helper
//	is this type pkg.Name (or *pkg.Name)?               typesx.IsNamed, typesx.IsPointerTo
//	which named type is behind this type / receiver?    typesx.NamedOf, typesx.RecvNamed, typesx.RecvTypeName
//	is this object pkg.F, method pkg.T.M, in pkg?       typesx.IsFunc, typesx.IsMethod, typesx.IsObject, typesx.InPackage
//	is this package (import path) in the std library?   typesx.IsStd, typesx.IsStdPath
//	does pkg import one of these packages directly?     typesx.Imports
//	which MakeClosure binds this func literal?          ssax.ClosuresOf
//	which declared function does this SSA call call?    ssax.Callee
//	is this SSA call pkg.F / pkg.T.M?                   ssax.IsCall, ssax.IsMethodCall
//	which instructions use this value?                  ssax.Referrers
//	does this call never return?                        ssax.NeverReturns (go/ssa and ctrlflow's answer)
//	does this call end / fail the running test?         ssax.StopsTest, ssax.FailsTest
//	which call expression is at this SSA position?      astindex.Index.Call, CallStart, AssignedTo
//	which syntax is around this position?               astindex.Index.At, NodeAt, Path, EnclosingLoop,
//	                                                    EnclosingFunc, EnclosingStmt, File
//	which loop holds this block; can it run again?      cfg.FindLoops, cfg.CycleBlocks
//	is there a path from here to X avoiding Y?          cfg.Query, cfg.PathExists, cfg.FirstReached
//	... taking only branches consistent with earlier    cfg.PathExistsCorrelated
//	    tests of the same flag?
//	does fn do X on every path to a return?             cfg.OnEveryReturn
//	which blocks are reachable inside a region?         cfg.Reach, cfg.WalkBlocks
//	which earlier instruction reaches here (backward)?  cfg.LastBefore
//	does a run before b whenever b runs?                cfg.Precedes
//	how many times does this loop run instr (constant)? cfg.Runs
//	what happens to this channel (send/recv/close)?     chanflow (Analyzer, Result.Func, Summary facts)
//	is what is acquired here released on every path?    release.Engine (Kind, Check, Summarize, Summary facts)
//	how do I report, honour //leakvet:ignore?           report.New, Reporter.Report
//	what is this analyzer's Doc / URL?                  analyzerdoc.MustExtract, analyzerdoc.URL
//
// astindex and chanflow are internal analyzers: Require them and use
// pass.ResultOf; they are never listed in passes.All. The graph walks
// (forward, block-level, backward) live only in cfg: an analyzer that needs
// another kind of walk adds it there, with a test.
package internal
