<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en_US">
<context>
    <name>Audio</name>
    <message>
        <location filename="../../audio/devices.py" line="164"/>
        <source>no microphone found: playback works, recording is off</source>
        <translation>マイクが見つかりません: 再生はできますが、録音はオフです</translation>
    </message>
    <message>
        <location filename="../../audio/engine.py" line="233"/>
        <source>the sound device&apos;s timing did not settle: alignment may be off by a few ms</source>
        <translation>サウンドデバイスのタイミングが安定しませんでした: 位置合わせが数ミリ秒ずれることがあります</translation>
    </message>
    <message>
        <location filename="../../audio/engine.py" line="319"/>
        <source>no microphone: playing without recording</source>
        <translation>マイクがありません: 録音せずに再生します</translation>
    </message>
</context>
<context>
    <name>Calendar</name>
    <message>
        <location filename="../calendar_view.py" line="99"/>
        <source>{day}: {minutes} min</source>
        <translation>{day}: {minutes} 分</translation>
    </message>
</context>
<context>
    <name>Coach</name>
    <message>
        <location filename="../../coach.py" line="29"/>
        <source>listen through, transcript hidden</source>
        <translation>通して聞く(スクリプト非表示)</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="30"/>
        <source>listen with the transcript</source>
        <translation>スクリプトを見ながら聞く</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="31"/>
        <source>shadow with the transcript</source>
        <translation>スクリプトを見ながらシャドーイング</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="32"/>
        <source>shadow, transcript hidden</source>
        <translation>スクリプトなしでシャドーイング</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="33"/>
        <source>the whole stretch again, blind</source>
        <translation>まとまり全体をもう一度、スクリプトなしで</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="112"/>
        <source>sentences {first}-{last} of {total}</source>
        <translation>文 {first}〜{last}(全 {total} 文)</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="116"/>
        <location filename="../../coach.py" line="123"/>
        <source>{where}: {stage}</source>
        <translation>{where}: {stage}</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="118"/>
        <source>sentence {n} ({i} of {count} in {stretch})</source>
        <translation>文 {n}({stretch} の {i}/{count})</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="128"/>
        <source>{where}: {stage}, {done} of {loops} loops (after a miss: more loops)</source>
        <translation>{where}: {stage}、{loops} 回中 {done} 回(ミスしたのでループを追加)</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="129"/>
        <source>{where}: {stage}, {done} of {loops} loops</source>
        <translation>{where}: {stage}、{loops} 回中 {done} 回</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="199"/>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="204"/>
        <source>passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="208"/>
        <source>missed on the blind run: into the review queue</source>
        <translation>スクリプトなしの通しでミス: 復習リストへ</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="211"/>
        <source>again</source>
        <translation>もう一度</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="215"/>
        <source>now %n loop(s)</source>
        <translation>次は %n 回ループ</translation>
    </message>
    <message>
        <location filename="../../coach.py" line="218"/>
        <source>marked hard: into the review queue; moving on</source>
        <translation>苦手としてマーク: 復習リストへ入れて次へ進みます</translation>
    </message>
    <message>
        <location filename="../../coaching.py" line="117"/>
        <source>sentence {n} of {total}, {stage}</source>
        <translation>文 {n}/{total}、{stage}</translation>
    </message>
    <message>
        <location filename="../../coaching.py" line="119"/>
        <source>episode done</source>
        <translation>エピソード完了</translation>
    </message>
    <message>
        <location filename="../../coaching.py" line="123"/>
        <source>{minutes} minutes to today&apos;s goal</source>
        <translation>今日の目標まであと {minutes} 分</translation>
    </message>
    <message>
        <location filename="../../coaching.py" line="126"/>
        <source>open an episode and turn on the coach to start a plan</source>
        <translation>エピソードを開いてコーチをオンにすると、プランが始まります</translation>
    </message>
    <message>
        <location filename="../../coaching.py" line="135"/>
        <source>review: {text} (interval {step}, up to 3 loops)</source>
        <translation>復習: {text}(間隔 {step}、最大 3 回)</translation>
    </message>
    <message>
        <location filename="../coach_mode.py" line="56"/>
        <source>Coach mode needs a transcribed episode: open one and wait for its segments.</source>
        <translation>コーチモードには文字起こし済みのエピソードが必要です。エピソードを開き、セグメントができるまでお待ちください。</translation>
    </message>
    <message>
        <location filename="../coach_mode.py" line="61"/>
        <source>coach: practising whole sentences (the coach plans by sentence)</source>
        <translation>コーチ: 文単位で練習します(コーチは文ごとにプランを立てます)</translation>
    </message>
    <message>
        <location filename="../coach_mode.py" line="78"/>
        <source>Coach: waiting for the sound device to come back; this loop will be played again</source>
        <translation>コーチ: サウンドデバイスの復帰を待っています。このループはもう一度再生します</translation>
    </message>
    <message>
        <location filename="../coach_mode.py" line="92"/>
        <source>sound is not available: the coach waits until it is</source>
        <translation>音声が使えません: 使えるようになるまでコーチは待機します</translation>
    </message>
    <message>
        <location filename="../coach_mode.py" line="97"/>
        <source>The plan for this episode is done. Reviews come back in Today (File → Today).</source>
        <translation>このエピソードのプランは完了しました。復習は「今日」(ファイル → 今日)に戻ってきます。</translation>
    </message>
    <message>
        <location filename="../coach_mode.py" line="102"/>
        <location filename="../coach_mode.py" line="136"/>
        <source>Coach: {why}</source>
        <translation>コーチ: {why}</translation>
    </message>
    <message>
        <location filename="../coach_mode.py" line="140"/>
        <location filename="../coach_mode.py" line="149"/>
        <source>coach: {note}</source>
        <translation>コーチ: {note}</translation>
    </message>
    <message>
        <location filename="../../session.py" line="68"/>
        <source>no score came for that loop; counting it as missed</source>
        <translation>そのループのスコアが届きませんでした。ミスとして数えます</translation>
    </message>
    <message>
        <location filename="../../session.py" line="69"/>
        <source>playback stalled during that loop; playing it again</source>
        <translation>そのループで再生が途切れました。もう一度再生します</translation>
    </message>
    <message>
        <location filename="../../session.py" line="200"/>
        <source>review: again ({done} of {loops} loops)</source>
        <translation>復習: もう一度({loops} 回中 {done} 回)</translation>
    </message>
    <message>
        <location filename="../../session.py" line="205"/>
        <source>review missed: it comes back sooner</source>
        <translation>復習ミス: 早めにもう一度出題されます</translation>
    </message>
    <message>
        <location filename="../../session.py" line="207"/>
        <source>review passed: mastered</source>
        <translation>復習合格: 習得済み</translation>
    </message>
    <message>
        <location filename="../../session.py" line="209"/>
        <source>review passed: next in {hours} h</source>
        <translation>復習合格: 次は {hours} 時間後</translation>
    </message>
</context>
<context>
    <name>Correction</name>
    <message>
        <location filename="../correction.py" line="16"/>
        <source>Correct the transcript</source>
        <translation>スクリプトの修正</translation>
    </message>
    <message>
        <location filename="../correction.py" line="35"/>
        <source>Add to my glossary (Whisper spells it so from now on)</source>
        <translation>用語集に追加(今後 Whisper はこのつづりで書きます)</translation>
    </message>
    <message>
        <location filename="../correction.py" line="36"/>
        <source>Whisper wrote</source>
        <translation>Whisper の文字起こし</translation>
    </message>
    <message>
        <location filename="../correction.py" line="37"/>
        <source>The speaker said</source>
        <translation>話者が言ったこと</translation>
    </message>
</context>
<context>
    <name>Difficulty</name>
    <message>
        <location filename="../../difficulty.py" line="21"/>
        <source>easy</source>
        <translation>やさしい</translation>
    </message>
    <message>
        <location filename="../../difficulty.py" line="21"/>
        <source>standard</source>
        <translation>ふつう</translation>
    </message>
    <message>
        <location filename="../../difficulty.py" line="22"/>
        <source>fast</source>
        <translation>速い</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../anki.py" line="108"/>
        <location filename="../../anki.py" line="119"/>
        <source>no weak words to export yet: score a few attempts first</source>
        <translation>苦手な単語はまだ書き出せません: まずいくつか練習を採点してください</translation>
    </message>
    <message>
        <location filename="../../audio/backends.py" line="85"/>
        <location filename="../../audio/backends.py" line="112"/>
        <source>cannot open the sound device ({device}): {reason}</source>
        <translation>サウンドデバイス({device})を開けません: {reason}</translation>
    </message>
    <message>
        <location filename="../../audio/devices.py" line="63"/>
        <source>cannot list sound devices: {reason}</source>
        <translation>サウンドデバイスの一覧を取得できません: {reason}</translation>
    </message>
    <message>
        <location filename="../../audio/devices.py" line="146"/>
        <source>no sound output device found: check that speakers or headphones are connected and that PulseAudio/PipeWire is running</source>
        <translation>音声の出力デバイスが見つかりません: スピーカーかヘッドホンがつながっているか、PulseAudio / PipeWire が動いているか確認してください</translation>
    </message>
    <message>
        <location filename="../../audio/devices.py" line="185"/>
        <source>the sound devices ({device}) accept none of the rates {rates}</source>
        <translation>サウンドデバイス({device})は、どのサンプルレート {rates} も受け付けません</translation>
    </message>
    <message>
        <location filename="../../backup.py" line="65"/>
        <source>cannot write the backup {path}: {reason}</source>
        <translation>バックアップ {path} を書き込めません: {reason}</translation>
    </message>
    <message>
        <location filename="../../backup.py" line="81"/>
        <source>{path} is not a shadowing backup: {reason}</source>
        <translation>{path} は Shadow のバックアップではありません: {reason}</translation>
    </message>
    <message>
        <location filename="../../backup.py" line="85"/>
        <source>{path} is not a shadowing backup (no {manifest} or {database})</source>
        <translation>{path} は Shadow のバックアップではありません({manifest} または {database} がありません)</translation>
    </message>
    <message>
        <location filename="../../backup.py" line="90"/>
        <source>{path} has an unexpected entry {name}: not restoring it</source>
        <translation>{path} に想定外の項目 {name} があります: 復元しません</translation>
    </message>
    <message>
        <location filename="../../backup.py" line="93"/>
        <source>{path} is damaged (a member fails its checksum): not restoring it</source>
        <translation>{path} は壊れています(チェックサムが合わない項目があります): 復元しません</translation>
    </message>
    <message>
        <location filename="../../backup.py" line="106"/>
        <source>the database in {path} fails its integrity check ({reason}): not restoring it</source>
        <translation>{path} のデータベースは整合性チェックに失敗しました({reason}): 復元しません</translation>
    </message>
    <message>
        <location filename="../../demo.py" line="104"/>
        <source>cannot build the demo episode: no speech synthesiser; install it with `pip install espeakng-loader` (or `apt install espeak-ng`)</source>
        <translation>デモ用エピソードを作れません: 音声合成エンジンがありません。`pip install espeakng-loader`(または `apt install espeak-ng`)でインストールしてください</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="63"/>
        <source>file not found (moved or deleted since it was added); open it from where it is now and it is recognised by its content</source>
        <translation>ファイルが見つかりません(追加後に移動または削除されました)。今ある場所から開き直せば、内容で同じエピソードと認識されます</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="66"/>
        <source>changed since it was added (its content is different); open the file again to add the new content as a new episode</source>
        <translation>追加後に内容が変わっています。ファイルを開き直すと、新しい内容が新しいエピソードとして追加されます</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="71"/>
        <source>no speech found (silence, noise or music only): nothing to practise</source>
        <translation>音声が見つかりません(無音・雑音・音楽だけです): 練習できる部分がありません</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="88"/>
        <location filename="../../media.py" line="45"/>
        <source>file not found</source>
        <translation>ファイルが見つかりません</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="275"/>
        <source>{path}: transcription failed ({error}); {count} segments up to {seconds} s are kept and the next run resumes there</source>
        <translation>{path}: 文字起こしに失敗しました({error})。{seconds} 秒までのセグメント {count} 個は保存済みで、次回はそこから再開します</translation>
    </message>
    <message>
        <location filename="../../errors.py" line="48"/>
        <source>the library cannot be written ({reason}): is the data folder read-only?</source>
        <translation>ライブラリに書き込めません({reason}): データフォルダが読み取り専用ではありませんか?</translation>
    </message>
    <message>
        <location filename="../../errors.py" line="51"/>
        <source>the disk is full ({reason}): free some space; what was saved before is kept</source>
        <translation>ディスクがいっぱいです({reason}): 空き容量を作ってください。保存済みのものは残っています</translation>
    </message>
    <message>
        <location filename="../../errors.py" line="53"/>
        <source>the library database is damaged ({reason}); `shadowing restore BACKUP.zip` brings back a backup, and nothing was deleted</source>
        <translation>ライブラリのデータベースが壊れています({reason})。`shadowing restore BACKUP.zip` でバックアップを戻せます。何も削除していません</translation>
    </message>
    <message>
        <location filename="../../errors.py" line="56"/>
        <source>out of memory: close other programs, or try a smaller model or a shorter file</source>
        <translation>メモリが足りません: 他のプログラムを閉じるか、小さいモデルか短いファイルを試してください</translation>
    </message>
    <message>
        <location filename="../../errors.py" line="60"/>
        <source>the disk is full{where}: free some space; what was saved before is kept</source>
        <translation>ディスクがいっぱいです{where}: 空き容量を作ってください。保存済みのものは残っています</translation>
    </message>
    <message>
        <location filename="../../errors.py" line="63"/>
        <source>no permission to write{where}: {reason}</source>
        <translation>書き込む権限がありません{where}: {reason}</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="144"/>
        <source>{url}: the answer was empty, not a feed</source>
        <translation>{url}: 応答が空でした。フィードではありません</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="148"/>
        <source>{url}: not a readable feed ({reason} in the feed parser)</source>
        <translation>{url}: 読み取れないフィードです(フィードの解析で {reason})</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="154"/>
        <source>{url}: this is a web page, not a podcast feed (look for its RSS link)</source>
        <translation>{url}: これはウェブページで、ポッドキャストのフィードではありません(RSS のリンクを探してください)</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="156"/>
        <source>{url}: not an RSS or Atom feed ({reason})</source>
        <translation>{url}: RSS / Atom フィードではありません({reason})</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="157"/>
        <source>{url}: not an RSS or Atom feed</source>
        <translation>{url}: RSS / Atom フィードではありません</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="213"/>
        <source>{name}: not valid XML ({reason})</source>
        <translation>{name}: 正しい XML ではありません({reason})</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="215"/>
        <source>{name}: not an OPML file (its root is &lt;{tag}&gt;)</source>
        <translation>{name}: OPML ファイルではありません(ルート要素が &lt;{tag}&gt; です)</translation>
    </message>
    <message>
        <location filename="../../feeds/parse.py" line="223"/>
        <source>{name}: no podcast subscriptions in it (no outline with an xmlUrl)</source>
        <translation>{name}: ポッドキャストの購読が入っていません(xmlUrl のある outline がありません)</translation>
    </message>
    <message>
        <location filename="../../feeds/podcasts.py" line="69"/>
        <source>{url}: a feed address starts with http:// or https://</source>
        <translation>{url}: フィードのアドレスは http:// か https:// で始まります</translation>
    </message>
    <message>
        <location filename="../../feeds/podcasts.py" line="229"/>
        <source>“{title}” has no audio to download (no enclosure in the feed)</source>
        <translation>「{title}」にはダウンロードできる音声がありません(フィードに enclosure がありません)</translation>
    </message>
    <message>
        <location filename="../../feeds/podcasts.py" line="232"/>
        <source>“{title}”: its enclosure is {kind}, not audio or video</source>
        <translation>「{title}」: 添付ファイルは {kind} で、音声・動画ではありません</translation>
    </message>
    <message>
        <location filename="../../feeds/podcasts.py" line="246"/>
        <source>the download of “{title}” is not playable audio ({reason}); it was deleted and nothing was added</source>
        <translation>「{title}」のダウンロードは再生できる音声ではありません({reason})。削除したので、何も追加していません</translation>
    </message>
    <message>
        <location filename="../jobs.py" line="114"/>
        <source>The scoring model could not be loaded: {reason}</source>
        <translation>採点モデルを読み込めませんでした: {reason}</translation>
    </message>
    <message>
        <location filename="../../media.py" line="47"/>
        <source>is a folder, not a media file</source>
        <translation>フォルダです。メディアファイルではありません</translation>
    </message>
    <message>
        <location filename="../../media.py" line="49"/>
        <source>file is empty</source>
        <translation>ファイルが空です</translation>
    </message>
    <message>
        <location filename="../../media.py" line="56"/>
        <source>not an audio or video file FFmpeg can read (or cut short before its index)</source>
        <translation>FFmpeg で読める音声・動画ファイルではありません(またはインデックスの前で途切れています)</translation>
    </message>
    <message>
        <location filename="../../media.py" line="58"/>
        <source>cannot be opened ({reason})</source>
        <translation>開けません({reason})</translation>
    </message>
    <message>
        <location filename="../../media.py" line="76"/>
        <location filename="../../media.py" line="170"/>
        <source>has no audio stream</source>
        <translation>音声トラックがありません</translation>
    </message>
    <message>
        <location filename="../../media.py" line="85"/>
        <source>no audio could be decoded (corrupt or truncated)</source>
        <translation>音声をデコードできませんでした(壊れているか途切れています)</translation>
    </message>
    <message>
        <location filename="../../media.py" line="93"/>
        <source>truncated: audio stops at {real} s of {duration} s</source>
        <translation>途中で切れています: {duration} 秒のうち {real} 秒で音声が終わります</translation>
    </message>
    <message>
        <location filename="../../media.py" line="97"/>
        <source>too short to practise ({seconds} s of audio)</source>
        <translation>短すぎて練習できません(音声 {seconds} 秒)</translation>
    </message>
    <message>
        <location filename="../../media.py" line="211"/>
        <source>decoding failed ({reason})</source>
        <translation>デコードに失敗しました({reason})</translation>
    </message>
    <message>
        <location filename="../../scoring/service.py" line="82"/>
        <source>the scoring process stopped unexpectedly (out of memory?)</source>
        <translation>採点プロセスが突然止まりました(メモリ不足かもしれません)</translation>
    </message>
    <message>
        <location filename="../../session.py" line="95"/>
        <source>the coach needs a transcribed episode: open one and wait for its segments</source>
        <translation>コーチには文字起こし済みのエピソードが必要です: エピソードを開き、セグメントができるまでお待ちください</translation>
    </message>
    <message>
        <location filename="../workers.py" line="48"/>
        <source>unexpected error: {error}</source>
        <translation>予期しないエラー: {error}</translation>
    </message>
    <message>
        <location filename="../../walk/__init__.py" line="32"/>
        <source>no sentences in {first}-{last} (the episode has {count})</source>
        <translation>{first}〜{last} に文がありません(このエピソードは {count} 文です)</translation>
    </message>
    <message>
        <location filename="../../walk/__init__.py" line="39"/>
        <source>the coach has finished this episode: choose sentences instead</source>
        <translation>コーチはこのエピソードを終えています。文を選んでください</translation>
    </message>
    <message>
        <location filename="../../walk/__init__.py" line="49"/>
        <source>no reviews of this episode are due today</source>
        <translation>このエピソードに今日の復習はありません</translation>
    </message>
    <message>
        <location filename="../../walk/importing.py" line="122"/>
        <source>{track} is not a practice track made by Shadow (no plan inside)</source>
        <translation>{track} は Shadow で作った練習トラックではありません(プランが入っていません)</translation>
    </message>
    <message>
        <location filename="../../walk/importing.py" line="222"/>
        <source>no speech in this recording: nothing was imported</source>
        <translation>この録音には声がありません。何も取り込んでいません</translation>
    </message>
    <message>
        <location filename="../../walk/importing.py" line="225"/>
        <source>this recording does not follow the track&apos;s loops (another track, or not a walk): nothing was imported</source>
        <translation>この録音はトラックのループに沿っていません(別のトラックか、ウォークではありません)。何も取り込んでいません</translation>
    </message>
    <message>
        <location filename="../../walk/importing.py" line="312"/>
        <source>cancelled: nothing was imported</source>
        <translation>中止しました。何も取り込んでいません</translation>
    </message>
    <message>
        <location filename="../../walk/importing.py" line="328"/>
        <source>the speech in this recording is not this track&apos;s sentences (another track?): nothing was imported</source>
        <translation>この録音の発話はこのトラックの文ではありません(別のトラック?)。何も取り込んでいません</translation>
    </message>
    <message>
        <location filename="../../walk/importing.py" line="477"/>
        <source>no practice track to match: export one first (walk export), or give --track</source>
        <translation>照合する練習トラックがありません。先に書き出す(walk export)か、--track を指定してください</translation>
    </message>
    <message>
        <location filename="../../walk/plan.py" line="70"/>
        <source>the gap must be seconds (2) or a multiple of the sentence (1.2x), not {gap}</source>
        <translation>間隔は秒数(2)か文の長さの倍率(1.2x)で指定してください({gap} は使えません)</translation>
    </message>
    <message>
        <location filename="../../walk/plan.py" line="153"/>
        <source>no sentences to put on the track</source>
        <translation>トラックに入れる文がありません</translation>
    </message>
    <message>
        <location filename="../../walk/plan.py" line="155"/>
        <source>unknown track format {format} (mp3 or m4a)</source>
        <translation>不明なトラック形式 {format} です(mp3 か m4a)</translation>
    </message>
    <message>
        <location filename="../../walk/plan.py" line="158"/>
        <source>speed {speed} is out of range (0.5 to 1.5)</source>
        <translation>速度 {speed} は範囲外です(0.5〜1.5)</translation>
    </message>
    <message>
        <location filename="../../walk/plan.py" line="160"/>
        <source>loops must be 1 to 20</source>
        <translation>ループ回数は 1〜20 です</translation>
    </message>
    <message>
        <location filename="../../walk/track.py" line="61"/>
        <source>cancelled</source>
        <translation>中止しました</translation>
    </message>
    <message>
        <location filename="../../walk/track.py" line="238"/>
        <source>could not write the chapters ({reason})</source>
        <translation>チャプターを書き込めませんでした({reason})</translation>
    </message>
    <message>
        <location filename="../../walk/track.py" line="316"/>
        <source>could not write {path}: {reason}</source>
        <translation>{path} を書き込めませんでした: {reason}</translation>
    </message>
    <message>
        <location filename="../../audio/recorder.py" line="415"/>
        <source>the recording {path} is missing (moved or deleted)</source>
        <translation>録音 {path} が見つかりません(移動または削除されました)</translation>
    </message>
    <message>
        <location filename="../../audio/recorder.py" line="416"/>
        <source>the recording {path} cannot be read ({reason})</source>
        <translation>録音 {path} を読めません({reason})</translation>
    </message>
</context>
<context>
    <name>FileMenu</name>
    <message>
        <location filename="../file_menu.py" line="143"/>
        <source>Remove episode</source>
        <translation>エピソードを削除</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="144"/>
        <source>Remove “{title}” from the library? Its transcript and segments are removed; the file itself is not touched. Your recordings (%n attempt(s)) are kept, in {folder} and in your history.</source>
        <translation>「{title}」をライブラリから削除しますか?スクリプトとセグメントは削除されますが、ファイル自体はそのままです。録音(練習 %n 件)は {folder} と履歴に残ります。</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="154"/>
        <source>removed {title}; %n attempt(s) kept</source>
        <translation>{title} を削除しました。練習 %n 件は残っています</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="162"/>
        <source>Export sessions and attempts to CSV</source>
        <translation>セッションと練習を CSV に書き出す</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="165"/>
        <source>wrote {names} to {folder}</source>
        <translation>{names} を {folder} に書き出しました</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="170"/>
        <source>Back up the library</source>
        <translation>ライブラリをバックアップ</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="171"/>
        <location filename="../file_menu.py" line="183"/>
        <source>Zip (*.zip)</source>
        <translation>Zip (*.zip)</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="174"/>
        <source>backed up the library and %n recording file(s) to {path}</source>
        <translation>ライブラリと録音ファイル %n 件を {path} にバックアップしました</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="182"/>
        <source>Restore a backup</source>
        <translation>バックアップから復元</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="188"/>
        <source>restoring {path}…</source>
        <translation>{path} を復元しています…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="193"/>
        <source>restored {path}; the previous library is in {previous}</source>
        <translation>{path} を復元しました。以前のライブラリは {previous} にあります</translation>
    </message>
</context>
<context>
    <name>Intonation</name>
    <message>
        <location filename="../core_text.py" line="19"/>
        <source>rose</source>
        <translation>上がりました</translation>
    </message>
    <message>
        <location filename="../core_text.py" line="19"/>
        <source>fell</source>
        <translation>下がりました</translation>
    </message>
    <message>
        <location filename="../core_text.py" line="20"/>
        <source>stayed level</source>
        <translation>平らなままでした</translation>
    </message>
    <message>
        <location filename="../core_text.py" line="39"/>
        <source>{word}: the speaker stressed syllable {speaker}, you syllable {attempt}</source>
        <translation>{word}: 話者は第 {speaker} 音節を強く、あなたは第 {attempt} 音節を強く言いました</translation>
    </message>
    <message>
        <location filename="../core_text.py" line="42"/>
        <source>{word}: your pitch {attempt} at the end; the speaker&apos;s {speaker}</source>
        <translation>{word}: 文末であなたの音程は{attempt}。話者の音程は{speaker}</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <location filename="../../episodes.py" line="124"/>
        <source>published transcript</source>
        <translation>公開スクリプト</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="129"/>
        <source>complete</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="130"/>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="131"/>
        <source>cancelled</source>
        <translation>中止</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="132"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="152"/>
        <source>{title}
{length} · {wpm} wpm · {state}</source>
        <translation>{title}
{length} · {wpm} wpm · {state}</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="154"/>
        <source>{title}
{length} · {state}</source>
        <translation>{title}
{length} · {state}</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="168"/>
        <source>not transcribed</source>
        <translation>未文字起こし</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="170"/>
        <source>{status} · {source} · practised {date}</source>
        <translation>{status} · {source} · {date} に練習</translation>
    </message>
    <message>
        <location filename="../../episodes.py" line="174"/>
        <source>{status} · {source}</source>
        <translation>{status} · {source}</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="70"/>
        <source>Open file…</source>
        <translation>ファイルを開く…</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="72"/>
        <source>Podcasts…</source>
        <translation>ポッドキャスト…</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="76"/>
        <source>as added</source>
        <translation>追加順</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="76"/>
        <source>easiest first</source>
        <translation>やさしい順</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="77"/>
        <source>fastest first</source>
        <translation>速い順</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="79"/>
        <source>Sort by how fast each episode is spoken (words a minute)</source>
        <translation>話す速さ(1 分あたりの語数)で並べ替えます</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="84"/>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="114"/>
        <source>transcribing {percent}%</source>
        <translation>文字起こし中 {percent}%</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="123"/>
        <source>Transcribe again</source>
        <translation>もう一度文字起こし</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="124"/>
        <source>with my glossary (same model)</source>
        <translation>用語集を使って(同じモデル)</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="127"/>
        <source>with the base model (more accurate, slower)</source>
        <translation>base モデルで(より正確、より遅い)</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="130"/>
        <source>Your attempts, reviews and corrected words move to the new text</source>
        <translation>練習・復習・修正した単語は新しいテキストに引き継がれます</translation>
    </message>
    <message>
        <location filename="../library_panel.py" line="132"/>
        <source>Remove from library…</source>
        <translation>ライブラリから削除…</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../main_window.py" line="44"/>
        <source>sound lost: trying to open the device again…</source>
        <translation>音声が途切れました: デバイスを開き直しています…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="66"/>
        <location filename="../main_window.py" line="264"/>
        <source>Shadow</source>
        <translation>Shadow</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="100"/>
        <source>Segments</source>
        <translation>セグメント</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="104"/>
        <source>Sentences</source>
        <translation>文</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="105"/>
        <source>Phrases (shorter, for beginners)</source>
        <translation>フレーズ(短め、初心者向け)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="106"/>
        <source>Loop whole sentences, or the breath groups inside them</source>
        <translation>文全体をループするか、文の中の息継ぎ単位をループします</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="128"/>
        <location filename="../main_window.py" line="242"/>
        <source>opening the sound devices…</source>
        <translation>サウンドデバイスを開いています…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="185"/>
        <location filename="../main_window.py" line="475"/>
        <source>ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="162"/>
        <source>{message}. Playback and recording are off.</source>
        <translation>{message}。再生と録音はオフです。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="164"/>
        <source>no sound</source>
        <translation>音声なし</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="182"/>
        <source>ready · first time here? File → Sound check… tests the microphone and how late your headphones play</source>
        <translation>準備完了 · 初めてですか? ファイル → サウンドチェック… でマイクとヘッドホンの遅れを確かめられます</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="208"/>
        <source>sound is back: {note}</source>
        <translation>音声が戻りました: {note}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="209"/>
        <source>sound is back</source>
        <translation>音声が戻りました</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="267"/>
        <source>Open an episode</source>
        <translation>エピソードを開く</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="267"/>
        <source>Audio and video ({patterns});;All files (*)</source>
        <translation>音声・動画 ({patterns});;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="289"/>
        <source>Shadow — {title}</source>
        <translation>Shadow — {title}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="299"/>
        <source>%n segment(s)</source>
        <translation>セグメント %n 個</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="300"/>
        <source>%n segment(s) (transcription stopped)</source>
        <translation>セグメント %n 個(文字起こしは途中で止まりました)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="301"/>
        <source>&lt;b&gt;Segments&lt;/b&gt; · text: {source}</source>
        <translation>&lt;b&gt;セグメント&lt;/b&gt; · テキスト: {source}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="362"/>
        <source>added {terms} to your glossary: Whisper spells it so in episodes transcribed from now on</source>
        <translation>{terms} を用語集に追加しました: 今後文字起こしするエピソードで Whisper はこのつづりで書きます</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364"/>
        <source>{terms} is in your glossary already</source>
        <translation>{terms} はすでに用語集にあります</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="396"/>
        <source>sound is not available yet</source>
        <translation>音声はまだ使えません</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="397"/>
        <source>sound is not available: check the devices and PortAudio, then restart</source>
        <translation>音声が使えません: デバイスと PortAudio を確認してから再起動してください</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="440"/>
        <source>coach · {mode} · {speed}×</source>
        <translation>コーチ · {mode} · {speed}×</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="444"/>
        <source>loop {loop} of {loops} · {mode} · {speed}×</source>
        <translation>ループ {loop}/{loops} · {mode} · {speed}×</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="445"/>
        <source>loop {loop} · {mode} · {speed}×</source>
        <translation>ループ {loop} · {mode} · {speed}×</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="462"/>
        <source>scoring loop {loop}…</source>
        <translation>ループ {loop} を採点中…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="477"/>
        <source>not scored</source>
        <translation>未採点</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="499"/>
        <source>cannot play the attempt: {message}</source>
        <translation>練習の録音を再生できません: {message}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="522"/>
        <source>cannot play the word: {message}</source>
        <translation>単語を再生できません: {message}</translation>
    </message>
    <message>
        <location filename="../app.py" line="44"/>
        <source>building the demo episode…</source>
        <translation>デモ用エピソードを作っています…</translation>
    </message>
</context>
<context>
    <name>Menu</name>
    <message>
        <location filename="../file_menu.py" line="206"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="207"/>
        <source>&amp;Open…</source>
        <translation>開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="208"/>
        <source>&amp;Podcasts…</source>
        <translation>ポッドキャスト(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="209"/>
        <source>&amp;Today…</source>
        <translation>今日(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="210"/>
        <source>&amp;Review progress…</source>
        <translation>進捗の振り返り(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="211"/>
        <source>Take it for a &amp;walk…</source>
        <translation>ウォーク用に書き出す(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="212"/>
        <source>&amp;Import a walk recording…</source>
        <translation>ウォークの録音を取り込む(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="214"/>
        <source>Export sessions to &amp;CSV…</source>
        <translation>セッションを CSV に書き出す(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="215"/>
        <source>&amp;Back up library…</source>
        <translation>ライブラリをバックアップ(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="216"/>
        <source>Restore from bac&amp;kup…</source>
        <translation>バックアップから復元(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="217"/>
        <source>Sound chec&amp;k…</source>
        <translation>サウンドチェック(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="218"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="219"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="220"/>
        <source>&amp;Practice</source>
        <translation>練習(&amp;P)</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="221"/>
        <source>Play / pause</source>
        <translation>再生 / 一時停止</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="222"/>
        <source>Previous segment</source>
        <translation>前のセグメント</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="223"/>
        <source>Next segment</source>
        <translation>次のセグメント</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="224"/>
        <source>Record on/off</source>
        <translation>録音 オン/オフ</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="225"/>
        <source>Loop on/off (1 or ∞)</source>
        <translation>ループ オン/オフ(1 回 または ∞)</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="226"/>
        <source>Transcript shown / hidden / after attempt</source>
        <translation>スクリプト 表示 / 非表示 / 練習後に表示</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="227"/>
        <source>Coach mode on/off</source>
        <translation>コーチモード オン/オフ</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="228"/>
        <source>Slower</source>
        <translation>遅く</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="229"/>
        <source>Faster</source>
        <translation>速く</translation>
    </message>
</context>
<context>
    <name>Mode</name>
    <message>
        <location filename="../labels.py" line="12"/>
        <source>listen</source>
        <translation>リスニング</translation>
    </message>
    <message>
        <location filename="../labels.py" line="12"/>
        <source>shadow</source>
        <translation>シャドーイング</translation>
    </message>
    <message>
        <location filename="../labels.py" line="13"/>
        <source>repeat</source>
        <translation>リピーティング</translation>
    </message>
    <message>
        <location filename="../labels.py" line="13"/>
        <source>read</source>
        <translation>音読</translation>
    </message>
</context>
<context>
    <name>Opener</name>
    <message>
        <location filename="../opener.py" line="27"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../opener.py" line="49"/>
        <source>opening…</source>
        <translation>開いています…</translation>
    </message>
    <message>
        <location filename="../opener.py" line="80"/>
        <source>transcribing {done} of {total}</source>
        <translation>文字起こし中 {done} / {total}</translation>
    </message>
</context>
<context>
    <name>Podcasts</name>
    <message>
        <location filename="../podcasts.py" line="37"/>
        <source>Shadow — podcasts</source>
        <translation>Shadow — ポッドキャスト</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="56"/>
        <source>a podcast&apos;s feed address (RSS or Atom), e.g. https://example.com/feed.xml</source>
        <translation>ポッドキャストのフィードのアドレス(RSS または Atom)。例: https://example.com/feed.xml</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="59"/>
        <source>Add feed</source>
        <translation>フィードを追加</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="61"/>
        <source>Import OPML…</source>
        <translation>OPML を読み込む…</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="74"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="75"/>
        <source>fetch the feed again and show new episodes</source>
        <translation>フィードを再取得して新しいエピソードを表示します</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="80"/>
        <source>Feeds</source>
        <translation>フィード</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="88"/>
        <source>date</source>
        <translation>日付</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="88"/>
        <source>length</source>
        <translation>長さ</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="89"/>
        <source>title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="101"/>
        <location filename="../podcasts.py" line="233"/>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="103"/>
        <source>Open with the published transcript</source>
        <translation>公開スクリプトで開く</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="107"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="122"/>
        <source>Episodes</source>
        <translation>エピソード</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="171"/>
        <source>{title}
%n episode(s)</source>
        <translation>{title}
エピソード %n 件</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="181"/>
        <source>No feeds yet: paste a podcast&apos;s feed address above, or import your podcast app&apos;s subscriptions (OPML).</source>
        <translation>フィードはまだありません。上にポッドキャストのフィードのアドレスを貼り付けるか、ポッドキャストアプリの購読リスト(OPML)を読み込んでください。</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="207"/>
        <source>↓ downloaded · T a published transcript</source>
        <translation>↓ ダウンロード済み · T 公開スクリプトあり</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="211"/>
        <source>&lt;b&gt;Episodes&lt;/b&gt; (the newest {shown} of {count}) · ↓ downloaded · T published transcript</source>
        <translation>&lt;b&gt;エピソード&lt;/b&gt;(全 {count} 件中、新しい {shown} 件) · ↓ ダウンロード済み · T 公開スクリプト</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="213"/>
        <source>&lt;b&gt;Episodes&lt;/b&gt; ({count}) · ↓ downloaded · T published transcript</source>
        <translation>&lt;b&gt;エピソード&lt;/b&gt;({count} 件) · ↓ ダウンロード済み · T 公開スクリプト</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="231"/>
        <source> · transcript published ({kind})</source>
        <translation> · 公開スクリプトあり({kind})</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="233"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="244"/>
        <source>fetching {url}…</source>
        <translation>{url} を取得しています…</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="253"/>
        <source>added {title}: %n episode(s)</source>
        <translation>{title} を追加しました: エピソード %n 件</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="261"/>
        <source>Import subscriptions</source>
        <translation>購読リストを読み込む</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="262"/>
        <source>OPML (*.opml *.xml);;All files (*)</source>
        <translation>OPML (*.opml *.xml);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="266"/>
        <source>importing {path}…</source>
        <translation>{path} を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="274"/>
        <source>{added} of {count} feeds added</source>
        <translation>{count} 件中 {added} 件のフィードを追加しました</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="277"/>
        <source>Some feeds could not be added:
{feeds}</source>
        <translation>追加できなかったフィードがあります:
{feeds}</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="288"/>
        <source>refreshing…</source>
        <translation>更新しています…</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="296"/>
        <source>{title}: %n new episode(s)</source>
        <translation>{title}: 新しいエピソード %n 件</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="321"/>
        <source>downloading {title}</source>
        <translation>{title} をダウンロード中</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="349"/>
        <source>cancelled: what arrived is kept, and downloading again resumes there</source>
        <translation>キャンセルしました: 届いた分は保存済みで、もう一度ダウンロードすると続きから再開します</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="353"/>
        <source>downloaded “{title}” with its published transcript: double-click or Open to practise it</source>
        <translation>「{title}」を公開スクリプト付きでダウンロードしました: ダブルクリックするか「開く」で練習できます</translation>
    </message>
    <message>
        <location filename="../podcasts.py" line="355"/>
        <source>downloaded “{title}”: double-click or Open to practise it</source>
        <translation>「{title}」をダウンロードしました: ダブルクリックするか「開く」で練習できます</translation>
    </message>
</context>
<context>
    <name>Reminder</name>
    <message>
        <location filename="../jobs.py" line="38"/>
        <source>{minutes} min to today&apos;s goal · %n to review — File → Today (Ctrl+D)</source>
        <translation>今日の目標まであと {minutes} 分 · 復習 %n 件 — ファイル → 今日 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../jobs.py" line="40"/>
        <source>{minutes} min to today&apos;s goal — File → Today (Ctrl+D)</source>
        <translation>今日の目標まであと {minutes} 分 — ファイル → 今日 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../jobs.py" line="42"/>
        <source>%n to review — File → Today (Ctrl+D)</source>
        <translation>復習 %n 件 — ファイル → 今日 (Ctrl+D)</translation>
    </message>
</context>
<context>
    <name>Results</name>
    <message>
        <location filename="../result_panel.py" line="29"/>
        <source>playback stalled</source>
        <translation>再生が途切れました</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="31"/>
        <source>{n}. {mode} {speed}× — {score} · lag {lag} ms</source>
        <translation>{n}. {mode} {speed}× — {score} · 遅れ {lag} ms</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="32"/>
        <source>{n}. {mode} {speed}× — {score}</source>
        <translation>{n}. {mode} {speed}× — {score}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="38"/>
        <source>correct</source>
        <translation>正しい</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="39"/>
        <source>substituted</source>
        <translation>置き換え</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="40"/>
        <source>missed</source>
        <translation>抜け</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="41"/>
        <source>inserted</source>
        <translation>余分</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="43"/>
        <source>recorded</source>
        <translation>録音済み</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="44"/>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="45"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="95"/>
        <location filename="../result_panel.py" line="145"/>
        <source>Attempt</source>
        <translation>練習</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="96"/>
        <source>Play attempt</source>
        <translation>練習を再生</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="98"/>
        <source>Source, then attempt</source>
        <translation>お手本 → 自分の順に再生</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="107"/>
        <source>Attempts on this segment</source>
        <translation>このセグメントの練習</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="146"/>
        <source>no attempt on this segment yet</source>
        <translation>このセグメントの練習はまだありません</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="148"/>
        <source>&lt;b&gt;Attempt {n}&lt;/b&gt; · {mode} · {speed}× · {when}</source>
        <translation>&lt;b&gt;練習 {n}&lt;/b&gt; · {mode} · {speed}× · {when}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="176"/>
        <source>not scored</source>
        <translation>未採点</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="186"/>
        <source>accuracy {percent}%</source>
        <translation>正確さ {percent}%</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="188"/>
        <source>pronunciation {score}</source>
        <translation>発音 {score}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="191"/>
        <source>intonation {score}</source>
        <translation>イントネーション {score}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="193"/>
        <source>lag {ms} ms</source>
        <translation>遅れ {ms} ms</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="195"/>
        <source>pace ×{ratio}</source>
        <translation>ペース ×{ratio}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="198"/>
        <source>&lt;u&gt;word&lt;/u&gt;• a sound to fix (hover, click to hear)</source>
        <translation>&lt;u&gt;単語&lt;/u&gt;• 直したい音(ポイントで表示、クリックで再生)</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="213"/>
        <source>heard: {words}</source>
        <translation>聞き取り: {words}</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="241"/>
        <source>{word} (Whisper heard: {heard})</source>
        <translation>{word}(Whisper の聞き取り: {heard})</translation>
    </message>
    <message>
        <location filename="../../history.py" line="377"/>
        <source>/{phone}/ → dropped</source>
        <translation>/{phone}/ → 抜け</translation>
    </message>
    <message>
        <location filename="../result_panel.py" line="246"/>
        <source>click: hear the speaker&apos;s word, then yours</source>
        <translation>クリック: 話者の単語、次にあなたの単語を再生</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../review.py" line="84"/>
        <source>MMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <location filename="../review.py" line="86"/>
        <source>MMM d</source>
        <translation>M/d</translation>
    </message>
    <message>
        <location filename="../review.py" line="106"/>
        <source>Perhaps not the speaker&apos;s word but Whisper&apos;s mistake (no dictionary has it, or Whisper was unsure). It is left out of Anki exports: correct it in the sentence (click the word), or right-click here if it is right</source>
        <translation>話者の単語ではなく Whisper の誤りかもしれません(辞書にないか、Whisper に自信がありません)。Anki への書き出しからは外しています。文の中で修正するか(単語をクリック)、正しければここで右クリックしてください</translation>
    </message>
    <message>
        <location filename="../review.py" line="116"/>
        <source>Shadow — review</source>
        <translation>Shadow — 振り返り</translation>
    </message>
    <message>
        <location filename="../review.py" line="120"/>
        <source>Sessions</source>
        <translation>セッション</translation>
    </message>
    <message>
        <location filename="../review.py" line="121"/>
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
    <message>
        <location filename="../review.py" line="122"/>
        <source>Weak words</source>
        <translation>苦手な単語</translation>
    </message>
    <message>
        <location filename="../review.py" line="134"/>
        <source>started</source>
        <translation>開始</translation>
    </message>
    <message>
        <location filename="../review.py" line="134"/>
        <source>episode</source>
        <translation>エピソード</translation>
    </message>
    <message>
        <location filename="../review.py" line="135"/>
        <source>min</source>
        <translation>分</translation>
    </message>
    <message>
        <location filename="../review.py" line="135"/>
        <location filename="../review.py" line="264"/>
        <source>attempts</source>
        <translation>練習数</translation>
    </message>
    <message>
        <location filename="../review.py" line="136"/>
        <source>accuracy</source>
        <translation>正確さ</translation>
    </message>
    <message>
        <location filename="../review.py" line="136"/>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../review.py" line="137"/>
        <source>best</source>
        <translation>最高</translation>
    </message>
    <message>
        <location filename="../review.py" line="160"/>
        <source> min a day</source>
        <translation> 分/日</translation>
    </message>
    <message>
        <location filename="../review.py" line="161"/>
        <source>goal </source>
        <translation>目標 </translation>
    </message>
    <message>
        <location filename="../review.py" line="169"/>
        <source>Accuracy and score per session</source>
        <translation>セッションごとの正確さとスコア</translation>
    </message>
    <message>
        <location filename="../review.py" line="176"/>
        <source>Score by attempt on one sentence</source>
        <translation>1 つの文の練習ごとのスコア</translation>
    </message>
    <message>
        <location filename="../review.py" line="179"/>
        <source>Mean score by loop number (does the 3rd or 5th loop help?)</source>
        <translation>ループ回数ごとの平均スコア(3 回目・5 回目は効いている?)</translation>
    </message>
    <message>
        <location filename="../review.py" line="190"/>
        <source>word</source>
        <translation>単語</translation>
    </message>
    <message>
        <location filename="../review.py" line="190"/>
        <source>missed</source>
        <translation>抜け</translation>
    </message>
    <message>
        <location filename="../review.py" line="191"/>
        <source>changed</source>
        <translation>置き換え</translation>
    </message>
    <message>
        <location filename="../review.py" line="191"/>
        <source>sound off</source>
        <translation>音のずれ</translation>
    </message>
    <message>
        <location filename="../review.py" line="192"/>
        <source>of</source>
        <translation>全回数</translation>
    </message>
    <message>
        <location filename="../review.py" line="192"/>
        <source>heard as / sound</source>
        <translation>聞き取り / 音</translation>
    </message>
    <message>
        <location filename="../review.py" line="193"/>
        <source>sentence</source>
        <translation>文</translation>
    </message>
    <message>
        <location filename="../review.py" line="200"/>
        <source>Mark ticked words known</source>
        <translation>チェックした単語を習得済みにする</translation>
    </message>
    <message>
        <location filename="../review.py" line="202"/>
        <source>Export ticked words to Anki…</source>
        <translation>チェックした単語を Anki に書き出す…</translation>
    </message>
    <message>
        <location filename="../review.py" line="204"/>
        <source>Words you miss, change or mispronounce most, across all attempts. Tick some, then:</source>
        <translation>すべての練習で、抜けたり、置き換わったり、発音がずれたりすることが多い単語です。チェックしてから:</translation>
    </message>
    <message>
        <location filename="../review.py" line="237"/>
        <source>No practice sessions yet. Play a sentence in the practice window: every loop counts.</source>
        <translation>練習セッションはまだありません。練習ウィンドウで文を再生してみましょう: すべてのループが記録されます。</translation>
    </message>
    <message>
        <location filename="../review.py" line="249"/>
        <source>{mode} {minutes} min</source>
        <translation>{mode} {minutes} 分</translation>
    </message>
    <message>
        <location filename="../review.py" line="251"/>
        <source>from the terminal</source>
        <translation>ターミナルから</translation>
    </message>
    <message>
        <location filename="../review.py" line="251"/>
        <source>from the app</source>
        <translation>アプリから</translation>
    </message>
    <message>
        <location filename="../review.py" line="252"/>
        <source>on a walk</source>
        <translation>ウォーク中</translation>
    </message>
    <message>
        <location filename="../review.py" line="253"/>
        <source>from recovered recordings</source>
        <translation>復元した録音から</translation>
    </message>
    <message>
        <location filename="../review.py" line="261"/>
        <source>active practice</source>
        <translation>練習時間</translation>
    </message>
    <message>
        <location filename="../review.py" line="261"/>
        <source>&lt;b&gt;{minutes} min&lt;/b&gt; ({modes})</source>
        <translation>&lt;b&gt;{minutes} 分&lt;/b&gt;({modes})</translation>
    </message>
    <message>
        <location filename="../review.py" line="262"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../review.py" line="263"/>
        <source>segments</source>
        <translation>セグメント</translation>
    </message>
    <message>
        <location filename="../review.py" line="264"/>
        <source>{attempts} ({scored} scored)</source>
        <translation>{attempts}({scored} 件採点済み)</translation>
    </message>
    <message>
        <location filename="../review.py" line="266"/>
        <source>score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <location filename="../review.py" line="266"/>
        <source>mean {mean}, best {best}</source>
        <translation>平均 {mean}、最高 {best}</translation>
    </message>
    <message>
        <location filename="../review.py" line="268"/>
        <source>word accuracy</source>
        <translation>単語の正確さ</translation>
    </message>
    <message>
        <location filename="../review.py" line="269"/>
        <source>median lag</source>
        <translation>遅れの中央値</translation>
    </message>
    <message>
        <location filename="../review.py" line="271"/>
        <source>Improved most</source>
        <translation>いちばん伸びた文</translation>
    </message>
    <message>
        <location filename="../review.py" line="274"/>
        <source>Hardest</source>
        <translation>いちばん難しい文</translation>
    </message>
    <message>
        <location filename="../review.py" line="275"/>
        <source>mean {score} over {attempts}</source>
        <translation>{attempts} 回の平均 {score}</translation>
    </message>
    <message>
        <location filename="../review.py" line="280"/>
        <source>Attempts</source>
        <translation>練習</translation>
    </message>
    <message>
        <location filename="../review.py" line="292"/>
        <source>Today &lt;b&gt;{done}&lt;/b&gt; of {goal} min (goal met ✓) · streak &lt;b&gt;%n&lt;/b&gt; day(s)</source>
        <translation>今日 &lt;b&gt;{done}&lt;/b&gt; / {goal} 分(目標達成 ✓) · 連続 &lt;b&gt;%n&lt;/b&gt; 日</translation>
    </message>
    <message>
        <location filename="../review.py" line="294"/>
        <source>Today &lt;b&gt;{done}&lt;/b&gt; of {goal} min ({left} min to go) · streak &lt;b&gt;%n&lt;/b&gt; day(s)</source>
        <translation>今日 &lt;b&gt;{done}&lt;/b&gt; / {goal} 分(あと {left} 分) · 連続 &lt;b&gt;%n&lt;/b&gt; 日</translation>
    </message>
    <message>
        <location filename="../review.py" line="308"/>
        <source>word accuracy %</source>
        <translation>単語の正確さ %</translation>
    </message>
    <message>
        <location filename="../review.py" line="311"/>
        <source>mean score</source>
        <translation>平均スコア</translation>
    </message>
    <message>
        <location filename="../review.py" line="395"/>
        <source>“{word}” is right: add it to my glossary</source>
        <translation>「{word}」は正しい: 用語集に追加</translation>
    </message>
    <message>
        <location filename="../review.py" line="410"/>
        <source>No weak words yet: they come from scored attempts.</source>
        <translation>苦手な単語はまだありません: 採点された練習から集まります。</translation>
    </message>
    <message>
        <location filename="../review.py" line="413"/>
        <source>Export to Anki</source>
        <translation>Anki に書き出す</translation>
    </message>
    <message>
        <location filename="../review.py" line="414"/>
        <source>Anki deck (*.apkg);;Tab-separated text (*.tsv *.txt)</source>
        <translation>Anki デッキ (*.apkg);;タブ区切りテキスト (*.tsv *.txt)</translation>
    </message>
    <message>
        <location filename="../review.py" line="437"/>
        <source>Restore a backup</source>
        <translation>バックアップから復元</translation>
    </message>
    <message>
        <location filename="../review.py" line="437"/>
        <source>Restore the library from {archive}? The current library and recordings are moved aside into a &apos;before-restore&apos; folder in the data folder, not deleted.</source>
        <translation>{archive} からライブラリを復元しますか?現在のライブラリと録音は削除せず、データフォルダ内の「before-restore」フォルダに移します。</translation>
    </message>
</context>
<context>
    <name>Scoring</name>
    <message>
        <location filename="../../practice.py" line="155"/>
        <source>playback stalled for {seconds} s during this loop (the computer was too busy): kept, not scored</source>
        <translation>このループの再生が {seconds} 秒途切れました(コンピューターが忙しすぎました): 録音は保存済み、採点はしていません</translation>
    </message>
    <message>
        <location filename="../../practice.py" line="158"/>
        <source>the recording failed: not scored</source>
        <translation>録音に失敗しました: 未採点</translation>
    </message>
    <message>
        <location filename="../../practice.py" line="159"/>
        <source>interrupted: not scored</source>
        <translation>中断: 未採点</translation>
    </message>
    <message>
        <location filename="../../practice.py" line="160"/>
        <source>not scored</source>
        <translation>未採点</translation>
    </message>
    <message>
        <location filename="../../scoring/scorer.py" line="42"/>
        <source>clipping: the recording is too loud; move back from the microphone or lower the input gain</source>
        <translation>音割れ: 録音の音量が大きすぎます。マイクから離れるか、入力ゲインを下げてください</translation>
    </message>
    <message>
        <location filename="../../scoring/scorer.py" line="44"/>
        <source>very quiet recording: move closer to the microphone or raise the input gain</source>
        <translation>録音がとても小さい: マイクに近づくか、入力ゲインを上げてください</translation>
    </message>
    <message>
        <location filename="../../scoring/scorer.py" line="45"/>
        <source>the attempt ({attempt} s) is much longer than the segment ({segment} s)</source>
        <translation>練習の録音({attempt} 秒)がセグメント({segment} 秒)よりかなり長いです</translation>
    </message>
    <message>
        <location filename="../../scoring/scorer.py" line="35"/>
        <source>score = 100 x accuracy x (0.75 + 0.25 x timing) x (0.8 + 0.2 x pronunciation); pronunciation = phones said right / phones of the words said; shadow timing = lag x steadiness (lag 1 for a median lag of -0.2..0.8 s, 0 at -1.0/2.0 s; steadiness = 1 - IQR/1 s); repeat/read timing = pace x pauses (pace 1 for a ratio of 0.8..1.25, 0 at 0.4/2.0; pauses = (kept+1)/(speaker&apos;s+1) / (1 + 0.25 x added))</source>
        <translation>スコア = 100 × 正確さ × (0.75 + 0.25 × タイミング) × (0.8 + 0.2 × 発音)。発音 = 正しく言えた音素 / 言った単語の音素。シャドーイングのタイミング = 遅れ × 安定度(遅れの中央値が -0.2〜0.8 秒なら 1、-1.0 / 2.0 秒で 0。安定度 = 1 - IQR / 1 秒)。リピーティング・音読のタイミング = ペース × ポーズ(ペース比 0.8〜1.25 で 1、0.4 / 2.0 で 0。ポーズ = (保った数 + 1) / (話者の数 + 1) / (1 + 0.25 × 余分な数))</translation>
    </message>
</context>
<context>
    <name>Segments</name>
    <message>
        <location filename="../segment_list.py" line="45"/>
        <source>{span}
{tier}: {wpm} words a minute, {sps} syllables a second</source>
        <translation>{span}
{tier}: 1 分あたり {wpm} 語、1 秒あたり {sps} 音節</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="148"/>
        <source>Edits are made on sentences: choose “Sentences” above the list</source>
        <translation>編集は文単位で行います: リストの上で「文」を選んでください</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="152"/>
        <source>Split before word</source>
        <translation>単語の前で分割</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="156"/>
        <source>Merge with next</source>
        <translation>次と結合</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="158"/>
        <source>Correct a word</source>
        <translation>単語を修正</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="163"/>
        <source>Start 0.1 s earlier</source>
        <translation>開始を 0.1 秒早く</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="164"/>
        <source>Start 0.1 s later</source>
        <translation>開始を 0.1 秒遅く</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="165"/>
        <source>End 0.1 s earlier</source>
        <translation>終了を 0.1 秒早く</translation>
    </message>
    <message>
        <location filename="../segment_list.py" line="166"/>
        <source>End 0.1 s later</source>
        <translation>終了を 0.1 秒遅く</translation>
    </message>
</context>
<context>
    <name>Sentence</name>
    <message>
        <location filename="../sentence_view.py" line="24"/>
        <source>(transcript hidden — press T to show)</source>
        <translation>(スクリプト非表示 — T キーで表示)</translation>
    </message>
    <message>
        <location filename="../sentence_view.py" line="125"/>
        <source>You corrected this (Whisper wrote “{heard}”)</source>
        <translation>あなたが修正しました(Whisper の文字起こし: 「{heard}」)</translation>
    </message>
    <message>
        <location filename="../sentence_view.py" line="127"/>
        <source>“{word}” is in no dictionary: Whisper may have misheard a name or a term. Click to correct it, or right-click to add it to your glossary</source>
        <translation>「{word}」は辞書にありません: Whisper が名前や用語を聞き違えたかもしれません。クリックで修正、右クリックで用語集に追加できます</translation>
    </message>
    <message>
        <location filename="../sentence_view.py" line="130"/>
        <source>Whisper was unsure of “{word}” ({percent}%). Click to correct it if it is wrong</source>
        <translation>Whisper は「{word}」に自信がありませんでした({percent}%)。間違っていればクリックして修正してください</translation>
    </message>
    <message>
        <location filename="../sentence_view.py" line="132"/>
        <source>Right-click to correct this word</source>
        <translation>右クリックでこの単語を修正</translation>
    </message>
    <message>
        <location filename="../sentence_view.py" line="148"/>
        <source>Correct “{word}”…</source>
        <translation>「{word}」を修正…</translation>
    </message>
    <message>
        <location filename="../sentence_view.py" line="150"/>
        <source>Add “{word}” to my glossary</source>
        <translation>「{word}」を用語集に追加</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../transcription/models.py" line="93"/>
        <source>embedded, the default. Spells 76 % of technical terms alone, 80 % with the show&apos;s notes, 95 % with your glossary; 4.3 % word errors on real recordings</source>
        <translation>組み込み・既定。専門用語のつづりの正解率は単独で 76 %、番組の説明文があれば 80 %、用語集があれば 95 %。実際の録音での単語誤り率 4.3 %</translation>
    </message>
    <message>
        <location filename="../../transcription/models.py" line="95"/>
        <source>optional (pip install &apos;shadowing[base]&apos;). Spells no more terms (72 %, 94 % with your glossary); fewer word errors on technical speech with a glossary (8.0 % against 10.4 %), 4.6 % on real recordings; about twice the time</source>
        <translation>オプション(pip install &apos;shadowing[base]&apos;)。用語の正解率は上がりません(72 %、用語集ありで 94 %)。用語集があれば専門的な話の単語誤りが減ります(10.4 % に対して 8.0 %)。実際の録音では 4.6 %。時間は約 2 倍</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="16"/>
        <source>system language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="28"/>
        <source>{note}; here {speed}× real time</source>
        <translation>{note}。このマシンでは実時間の {speed} 倍の速さ</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="37"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="50"/>
        <location filename="../settings_dialog.py" line="51"/>
        <source>system default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="57"/>
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="58"/>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="60"/>
        <source>Sound check…</source>
        <translation>サウンドチェック…</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="62"/>
        <source>The microphone&apos;s level, and how late the output really plays (Bluetooth headphones: 150-250 ms)</source>
        <translation>マイクの音量と、出力が実際にどれだけ遅れて鳴るか(Bluetooth ヘッドホン: 150〜250 ms)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="73"/>
        <source>until stopped</source>
        <translation>停止するまで</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="87"/>
        <source>tiny.en (embedded); base; a model folder; a faster-whisper name</source>
        <translation>tiny.en(組み込み)、base、モデルのフォルダ、faster-whisper のモデル名</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="94"/>
        <source>The language of the window (from the next start)</source>
        <translation>ウィンドウの表示言語(次回の起動から)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="95"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="96"/>
        <source>Mode</source>
        <translation>モード</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="97"/>
        <source>Loops</source>
        <translation>ループ回数</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="98"/>
        <source>Gap (s)</source>
        <translation>間隔(秒)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="99"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="100"/>
        <source>Transcript</source>
        <translation>スクリプト</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="101"/>
        <source>Whisper model</source>
        <translation>Whisper モデル</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="112"/>
        <source>Names and terms as the shows you practise spell them, one a line. Whisper gets them with each episode it transcribes (not with your attempts)</source>
        <translation>練習する番組でのつづりのとおりに、名前や用語を 1 行に 1 つ書きます。Whisper はエピソードを文字起こしするたびにこれを使います(あなたの練習の録音には使いません)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="116"/>
        <source>Glossary</source>
        <translation>用語集</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="117"/>
        <source>Data folder</source>
        <translation>データフォルダ</translation>
    </message>
    <message>
        <location filename="../file_menu.py" line="119"/>
        <source>The new language is used from the next start</source>
        <translation>新しい言語は次回の起動から使われます</translation>
    </message>
</context>
<context>
    <name>Sound</name>
    <message>
        <location filename="../sound_check.py" line="27"/>
        <source>Clipping: lower the microphone&apos;s input volume, or move back a little</source>
        <translation>音割れしています: マイクの入力音量を下げるか、少し離れてください</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="29"/>
        <source>Too quiet: speak up, move closer, or raise the input volume</source>
        <translation>小さすぎます: 大きな声で話すか、近づくか、入力音量を上げてください</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="30"/>
        <source>Good: the microphone hears you clearly</source>
        <translation>良好: マイクははっきり聞き取れています</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="38"/>
        <source>Not measured yet for {output}: with Bluetooth headphones, measure it (they play 150-250 ms later than the device reports)</source>
        <translation>{output} はまだ測定していません: Bluetooth ヘッドホンなら測定してください(デバイスの報告より 150〜250 ms 遅れて鳴ります)</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="40"/>
        <source>speakers</source>
        <translation>スピーカー</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="40"/>
        <source>tapping along</source>
        <translation>タップ</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="41"/>
        <source>{output} plays {ms:.0f} ms later than it reports (measured with {how}, {when}); every recording is aligned with that</source>
        <translation>{output} は報告より {ms:.0f} ms 遅れて鳴ります({how}で測定、{when})。すべての録音はこれで揃えます</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="50"/>
        <source>Sound check</source>
        <translation>サウンドチェック</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="54"/>
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="56"/>
        <source>Say a sentence in your practice voice.</source>
        <translation>練習するときの声で一文話してください。</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="69"/>
        <source>Output latency</source>
        <translation>出力の遅れ</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="76"/>
        <source>Measure with speakers</source>
        <translation>スピーカーで測定</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="77"/>
        <source>Three chirps from the speakers, heard by the microphone: keep quiet</source>
        <translation>スピーカーから3回チャープが鳴り、マイクで拾います: 静かにしてください</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="78"/>
        <source>Measure with headphones (tap along)</source>
        <translation>ヘッドホンで測定(リズムに合わせて)</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="79"/>
        <source>Ten clicks: say &quot;ta&quot; on each one, in time with them</source>
        <translation>10回のクリック: それぞれに合わせて「タ」と言ってください</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="104"/>
        <source>The sound device is not open yet</source>
        <translation>サウンドデバイスはまだ開いていません</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="109"/>
        <source>No microphone: recording is off</source>
        <translation>マイクがありません: 録音はオフです</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="132"/>
        <source>Keep quiet: three chirps…</source>
        <translation>静かに: チャープが3回鳴ります…</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="133"/>
        <source>Say &quot;ta&quot; on each click, in time with them…</source>
        <translation>クリックに合わせて「タ」と言ってください…</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="136"/>
        <source>Measured: {ms:.0f} ms (spread {spread:.0f} ms)</source>
        <translation>測定結果: {ms:.0f} ms(ばらつき {spread:.0f} ms)</translation>
    </message>
    <message>
        <location filename="../sound_check.py" line="146"/>
        <source>Stop the loop first: the measurement needs the sound device to itself</source>
        <translation>先にループを止めてください: 測定にはサウンドデバイスを専有する必要があります</translation>
    </message>
    <message>
        <location filename="../../audio/priority.py" line="57"/>
        <source>Sound threads: real-time priority</source>
        <translation>音声スレッド: リアルタイム優先度</translation>
    </message>
    <message>
        <location filename="../../audio/priority.py" line="59"/>
        <source>Sound threads: raised priority, not real-time</source>
        <translation>音声スレッド: 優先度を上げています (リアルタイムではありません)</translation>
    </message>
    <message>
        <location filename="../../audio/priority.py" line="60"/>
        <source>Sound threads: normal priority ({why}); other work on this computer can make the sound stutter</source>
        <translation>音声スレッド: 通常の優先度です ({why})。このコンピューターの他の処理で音が途切れることがあります</translation>
    </message>
</context>
<context>
    <name>Tips</name>
    <message>
        <location filename="../../pronunciation/phones.py" line="37"/>
        <source>th /θ/: tongue tip lightly between the teeth, blow air; not /s/</source>
        <translation>th /θ/: 舌先を上下の歯で軽くはさみ、息を出す。/s/ にしない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="38"/>
        <source>th /ð/: tongue between the teeth with voice; not /z/ or /d/</source>
        <translation>th /ð/: 舌を歯の間に置いて声を出す。/z/ や /d/ にしない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="39"/>
        <source>r /r/: curl the tongue back without touching the roof of the mouth; lips a little round</source>
        <translation>r /r/: 舌先を奥へ丸め、上あごには触れない。唇を少しすぼめる</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="40"/>
        <source>l /l/: press the tongue tip on the ridge behind the upper teeth</source>
        <translation>l /l/: 舌先を上の前歯の裏の歯ぐきに押し当てる</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="41"/>
        <source>v /v/: upper teeth on the lower lip, with voice; not /b/</source>
        <translation>v /v/: 上の歯を下唇に当てて声を出す。/b/ にしない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="42"/>
        <source>f /f/: upper teeth on the lower lip, blow air; not /h/</source>
        <translation>f /f/: 上の歯を下唇に当てて息を出す。/h/ にしない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="43"/>
        <source>a /æ/: open the mouth wide and spread the lips, between &apos;e&apos; and &apos;a&apos;</source>
        <translation>a /æ/: 口を大きく開けて唇を横に引く。「エ」と「ア」の中間</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="44"/>
        <source>u /ʌ/: short and relaxed, mouth half open, as in &apos;cup&apos;</source>
        <translation>u /ʌ/: 短く力を抜いて、口は半分開ける。&apos;cup&apos; の音</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="45"/>
        <source>o /ɑ/: mouth wide open, tongue low and back, as in &apos;hot&apos; (US)</source>
        <translation>o /ɑ/: 口を大きく開け、舌を低く奥に。&apos;hot&apos;(米音)の音</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="46"/>
        <source>er /ɝ/: one sound with the tongue curled, not &apos;a-a&apos;</source>
        <translation>er /ɝ/: 舌を丸めたまま 1 つの音で。「アー」にしない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="47"/>
        <source>i /ɪ/: short and relaxed, not the long /i/ of &apos;see&apos;</source>
        <translation>i /ɪ/: 短く力を抜いて。&apos;see&apos; の長い /i/ にしない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="48"/>
        <source>ee /i/: long, lips spread, as in &apos;see&apos;</source>
        <translation>ee /i/: 長く、唇を横に引く。&apos;see&apos; の音</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="49"/>
        <source>oo /ʊ/: short and relaxed, as in &apos;book&apos;</source>
        <translation>oo /ʊ/: 短く力を抜いて。&apos;book&apos; の音</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="50"/>
        <source>oo /u/: long, lips rounded, as in &apos;food&apos;</source>
        <translation>oo /u/: 長く、唇を丸める。&apos;food&apos; の音</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="51"/>
        <source>w /w/: round the lips tightly first</source>
        <translation>w /w/: まず唇を強くすぼめる</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="52"/>
        <source>b /b/: close both lips, then release with voice</source>
        <translation>b /b/: 両唇を閉じてから、声と一緒に開く</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="53"/>
        <source>s /s/: tongue behind the teeth, a thin stream of air; not /ʃ/ or /θ/</source>
        <translation>s /s/: 舌を歯の裏に置き、細く息を出す。/ʃ/ や /θ/ にしない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="54"/>
        <source>z /z/: like /s/ with voice</source>
        <translation>z /z/: /s/ に声をつけた音</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="55"/>
        <source>sh /ʃ/: lips pushed out, a wide stream of air</source>
        <translation>sh /ʃ/: 唇を前に突き出し、広く息を出す</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="56"/>
        <source>n /n/: tongue tip on the ridge behind the teeth</source>
        <translation>n /n/: 舌先を前歯の裏の歯ぐきにつける</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="57"/>
        <source>ng /ŋ/: back of the tongue on the soft palate, no /g/ after it</source>
        <translation>ng /ŋ/: 舌の奥を軟口蓋につける。後ろに /g/ をつけない</translation>
    </message>
    <message>
        <location filename="../../pronunciation/phones.py" line="58"/>
        <source>h /h/: just breath, not /f/ in &apos;who&apos;</source>
        <translation>h /h/: 息だけ。&apos;who&apos; を /f/ にしない</translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <location filename="../today.py" line="24"/>
        <source>Shadow — today</source>
        <translation>Shadow — 今日</translation>
    </message>
    <message>
        <location filename="../today.py" line="29"/>
        <source>Continue the plan</source>
        <translation>プランを続ける</translation>
    </message>
    <message>
        <location filename="../today.py" line="52"/>
        <source>&lt;b&gt;{done}&lt;/b&gt; of {goal} minutes — goal met ✓ · streak &lt;b&gt;%n&lt;/b&gt; day(s)</source>
        <translation>&lt;b&gt;{done}&lt;/b&gt; / {goal} 分 — 目標達成 ✓ · 連続 &lt;b&gt;%n&lt;/b&gt; 日</translation>
    </message>
    <message>
        <location filename="../today.py" line="54"/>
        <source>&lt;b&gt;{done}&lt;/b&gt; of {goal} minutes · streak &lt;b&gt;%n&lt;/b&gt; day(s)</source>
        <translation>&lt;b&gt;{done}&lt;/b&gt; / {goal} 分 · 連続 &lt;b&gt;%n&lt;/b&gt; 日</translation>
    </message>
    <message>
        <location filename="../today.py" line="56"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../today.py" line="59"/>
        <source>%n sentence(s) to review</source>
        <translation>復習する文: %n 件</translation>
    </message>
    <message>
        <location filename="../today.py" line="63"/>
        <source>Next: {title}</source>
        <translation>次: {title}</translation>
    </message>
    <message>
        <location filename="../today.py" line="66"/>
        <source>Every stage of its plan is done: open another episode and turn the coach on.</source>
        <translation>このエピソードのプランはすべて完了しました: 別のエピソードを開いてコーチをオンにしてください。</translation>
    </message>
    <message>
        <location filename="../today.py" line="68"/>
        <source>About &lt;b&gt;{minutes} minutes&lt;/b&gt; for all of this.</source>
        <translation>全部で約 &lt;b&gt;{minutes} 分&lt;/b&gt;です。</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <location filename="../labels.py" line="14"/>
        <source>shown</source>
        <translation>表示</translation>
    </message>
    <message>
        <location filename="../labels.py" line="15"/>
        <source>hidden</source>
        <translation>非表示</translation>
    </message>
    <message>
        <location filename="../labels.py" line="16"/>
        <source>after attempt</source>
        <translation>練習後に表示</translation>
    </message>
</context>
<context>
    <name>Transport</name>
    <message>
        <location filename="../transport.py" line="47"/>
        <source>previous segment (Left)</source>
        <translation>前のセグメント(←)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="48"/>
        <location filename="../transport.py" line="141"/>
        <source>Play</source>
        <translation>再生</translation>
    </message>
    <message>
        <location filename="../transport.py" line="48"/>
        <source>play / pause (Space)</source>
        <translation>再生 / 一時停止(スペース)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="51"/>
        <source>next segment (Right)</source>
        <translation>次のセグメント(→)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="57"/>
        <source>listen: just play · shadow: speak along, recorded while it plays · repeat: speak in the gap after it · read: text only, read it aloud</source>
        <translation>リスニング: 聞くだけ · シャドーイング: 再生中に少し遅れて一緒に話す(録音されます) · リピーティング: 再生後の間に繰り返す · 音読: テキストだけを見て声に出して読む</translation>
    </message>
    <message>
        <location filename="../transport.py" line="62"/>
        <source>loop ∞</source>
        <translation>ループ ∞</translation>
    </message>
    <message>
        <location filename="../transport.py" line="63"/>
        <source>loop × </source>
        <translation>ループ × </translation>
    </message>
    <message>
        <location filename="../transport.py" line="64"/>
        <source>how many times the segment plays (L: loop until stopped / once)</source>
        <translation>セグメントを再生する回数(L: 止めるまでループ / 1 回)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="65"/>
        <source>gap </source>
        <translation>間隔 </translation>
    </message>
    <message>
        <location filename="../transport.py" line="65"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../transport.py" line="66"/>
        <source>silence between loops (repeat mode: 0 = 1.2 × the segment)</source>
        <translation>ループの間の無音(リピーティング: 0 ならセグメントの 1.2 倍)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="67"/>
        <source>speed </source>
        <translation>速度 </translation>
    </message>
    <message>
        <location filename="../transport.py" line="68"/>
        <source>playback speed, pitch kept ([ slower, ] faster)</source>
        <translation>再生速度、音程はそのまま([ で遅く、] で速く)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="73"/>
        <source>transcript: shown, hidden (blind shadowing), or revealed after the attempt (T)</source>
        <translation>スクリプト: 表示、非表示(ブラインドシャドーイング)、練習後に表示(T)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="84"/>
        <source>Record</source>
        <translation>録音</translation>
    </message>
    <message>
        <location filename="../transport.py" line="86"/>
        <source>record and score each loop (R)</source>
        <translation>各ループを録音して採点(R)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="93"/>
        <source>microphone level</source>
        <translation>マイクの音量</translation>
    </message>
    <message>
        <location filename="../transport.py" line="102"/>
        <source>Coach</source>
        <translation>コーチ</translation>
    </message>
    <message>
        <location filename="../transport.py" line="104"/>
        <source>coach mode: the transport follows the plan (listen, shadow, shadow blind; 1, 3, then 5 loops; hard sentences come back for review)</source>
        <translation>コーチモード: プランに沿って進みます(聞く、シャドーイング、スクリプトなしでシャドーイング。1 回、3 回、5 回とループし、難しい文は復習に戻ってきます)</translation>
    </message>
    <message>
        <location filename="../transport.py" line="110"/>
        <source>Mic</source>
        <translation>マイク</translation>
    </message>
    <message>
        <location filename="../transport.py" line="114"/>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <location filename="../transport.py" line="141"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../transport.py" line="173"/>
        <source>system default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <location filename="../transport.py" line="176"/>
        <source>{device} (not connected)</source>
        <translation>{device}(未接続)</translation>
    </message>
</context>
<context>
    <name>Walk</name>
    <message>
        <location filename="../../walk/plan.py" line="115"/>
        <source>blind</source>
        <translation>テキストなし</translation>
    </message>
    <message>
        <location filename="../../walk/track.py" line="307"/>
        <source>Walk: {title}</source>
        <translation>ウォーク: {title}</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="57"/>
        <source>{minutes} min</source>
        <translation>{minutes} 分</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="69"/>
        <source>Take it for a walk</source>
        <translation>ウォーク用に書き出す</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="72"/>
        <source>every sentence</source>
        <translation>すべての文</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="72"/>
        <source>sentences from … to …</source>
        <translation>範囲を指定</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="73"/>
        <source>the coach&apos;s next stretch</source>
        <translation>コーチの次の区間</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="74"/>
        <source>today&apos;s reviews</source>
        <translation>今日の復習</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="89"/>
        <source>1/3/5 rule (passed 1, new 3, hard 5)</source>
        <translation>1/3/5 ルール(合格 1、新規 3、苦手 5)</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="91"/>
        <source>%n loop(s)</source>
        <translation>%n 回</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="99"/>
        <source>a short tone before each new sentence</source>
        <translation>新しい文の前に短い合図音</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="107"/>
        <source>Sentences</source>
        <translation>文</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="109"/>
        <source>Loops</source>
        <translation>ループ</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="110"/>
        <source>Gap after each loop (times the sentence)</source>
        <translation>ループ後の間(文の長さの倍率)</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="111"/>
        <source>Speed ladder</source>
        <translation>速度の段階</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="113"/>
        <source>Blind rounds (text hidden)</source>
        <translation>テキストなしの周回</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="114"/>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="122"/>
        <source>Write the track…</source>
        <translation>トラックを書き出す…</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="149"/>
        <source>the speed ladder is speeds separated by commas, like 0.8, 1.0</source>
        <translation>速度の段階はカンマ区切りで指定します(例: 0.8, 1.0)</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="182"/>
        <source>{sentences} sentences, {loops} loops: {length}</source>
        <translation>{sentences} 文、{loops} ループ: {length}</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="194"/>
        <source>Write the practice track</source>
        <translation>練習トラックを書き出す</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="207"/>
        <source>wrote {path} ({length}, {chapters} chapters)</source>
        <translation>{path} を書き出しました({length}、チャプター {chapters} 個)</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="229"/>
        <source>The walk</source>
        <translation>ウォークの結果</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="233"/>
        <source>{minutes} min walked; the track started {offset} s into the recording (clock drift {drift} ppm). {scored} loops scored, {skipped} skipped, {cut} cut short.</source>
        <translation>{minutes} 分歩きました。トラックは録音の {offset} 秒から始まっています(時計のずれ {drift} ppm)。採点 {scored} ループ、スキップ {skipped}、途中で終了 {cut}。</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="239"/>
        <source>This recording was imported before: its result, nothing added.</source>
        <translation>この録音は取り込み済みです。前回の結果を表示し、何も追加していません。</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="243"/>
        <source>Sentence</source>
        <translation>文</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="244"/>
        <source>Loop {n}</source>
        <translation>ループ {n}</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="254"/>
        <source>skipped</source>
        <translation>スキップ</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="256"/>
        <source>shadow</source>
        <translation>シャドー</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="256"/>
        <source>repeat</source>
        <translation>リピート</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="258"/>
        <source>(cut)</source>
        <translation>(途中まで)</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="269"/>
        <source>Hear the speaker, then this loop</source>
        <translation>お手本とこのループを聞く</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="300"/>
        <source>open a transcribed episode first: the track is made of its sentences</source>
        <translation>先に文字起こし済みのエピソードを開いてください。トラックはその文から作ります</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="309"/>
        <source>Import a walk recording</source>
        <translation>ウォークの録音を取り込む</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="310"/>
        <source>Recordings ({patterns})</source>
        <translation>録音 ({patterns})</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="314"/>
        <source>importing {name}: finding the track, then scoring each loop…</source>
        <translation>{name} を取り込み中: トラックの位置を探し、各ループを採点しています…</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="318"/>
        <source>imported the walk: {scored} loops scored</source>
        <translation>ウォークを取り込みました: {scored} ループを採点</translation>
    </message>
    <message>
        <location filename="../walk_dialogs.py" line="325"/>
        <source>scoring loop {done} of {total}…</source>
        <translation>ループを採点中 {done}/{total}…</translation>
    </message>
</context>
<context>
    <name>Waveforms</name>
    <message>
        <location filename="../waveform_view.py" line="27"/>
        <source>speaker (top) and you (bottom) on one time axis; the line over each is the voice&apos;s melody (pitch, from its own middle)</source>
        <translation>お手本(上)とあなた(下)を同じ時間軸で表示。それぞれの上の線は声のメロディー(その声の中央からの音の高さ)</translation>
    </message>
    <message>
        <location filename="../waveform_view.py" line="51"/>
        <source>the speaker&apos;s and your waveforms appear here after an attempt</source>
        <translation>練習すると、お手本とあなたの波形がここに表示されます</translation>
    </message>
    <message>
        <location filename="../waveform_view.py" line="53"/>
        <source>speaker</source>
        <translation>お手本</translation>
    </message>
    <message>
        <location filename="../waveform_view.py" line="53"/>
        <source>you</source>
        <translation>あなた</translation>
    </message>
</context>
</TS>
