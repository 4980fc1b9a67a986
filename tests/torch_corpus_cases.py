"""Real-world PyTorch sequence models (tests/torch_corpus/), each rewritten afresh with its
original's idioms and its source named in the file's first comment; none is a verbatim copy.

Each case is what a user would type: ``lstmcalc summary FILE --model CLASS --set ... --input-shape
...``. ``sets`` are the ``--set EXPR=VALUE`` values (none when the file instantiates the model at
module level, or when every constructor argument has a default); ``inputs`` are the
``--input-shape`` values, one per tensor argument ``forward`` is given, as ``forward`` receives
it (time first for a time-major module); ``dtypes`` gives their dtypes when not all float
(``long`` for token ids, ``double`` for a model converted with ``.double()``).

The oracle (tests/oracle/test_torch_corpus_oracle.py) builds each model in real torch from the
same values and records the truth under tests/golden/torch_corpus/; tests/test_torch_corpus.py
holds lstmcalc to it.
"""

from __future__ import annotations

from typing import NamedTuple

CORPUS_DIRECTORY = "tests/torch_corpus"


class TorchCase(NamedTuple):
    file: str
    model: str
    source: str
    inputs: tuple[tuple[int, ...], ...]
    sets: tuple[str, ...] = ()
    dtypes: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The model file, relative to the repository root."""
        return f"{CORPUS_DIRECTORY}/{self.file}"

    @property
    def input_dtypes(self) -> tuple[str, ...]:
        """One dtype per input: ``float`` unless ``dtypes`` says otherwise."""
        return self.dtypes or ("float",) * len(self.inputs)

    def arguments(self, path: str | None = None) -> list[str]:
        """The command line after ``lstmcalc summary`` (the file as ``path`` when given), JSON output asked for."""
        arguments = [path or self.path, "--model", self.model]
        for assignment in self.sets:
            arguments += ["--set", assignment]
        for shape in self.inputs:
            arguments += ["--input-shape", ",".join(str(size) for size in shape)]
        return [*arguments, "--format", "json"]


TORCHINFO = "TylerYep/torchinfo: tests/fixtures/models.py"

CASES: dict[str, TorchCase] = {
    # torchinfo's own test models; LSTMNet with the input torchinfo's test gives it.
    "torchinfo_lstm_net": TorchCase("01_torchinfo_lstm_net.py", "LSTMNet", TORCHINFO, ((1, 100),), dtypes=("long",)),
    "torchinfo_simple_rnn": TorchCase("02_torchinfo_simple_rnn.py", "SimpleRNN", TORCHINFO, ((2, 3),)),
    "torchinfo_cnn_module_list": TorchCase(
        "03_torchinfo_cnn_module_list.py", "CNNModuleList", TORCHINFO, ((2, 1, 10),)
    ),
    "torchinfo_mixed_trainable": TorchCase(
        "04_torchinfo_mixed_trainable.py", "MixedTrainable", TORCHINFO, ((2, 1, 8),)
    ),
    "torchinfo_container_module": TorchCase(
        "05_torchinfo_container_module.py", "ContainerModule", TORCHINFO, ((2, 5),)
    ),
    "word_language_rnn_model": TorchCase(
        "06_word_language_rnn_model.py",
        "RNNModel",
        "pytorch/examples: word_language_model/model.py",
        ((6, 3), (2, 3, 32)),
        ("rnn_type=GRU", "ntoken=50", "ninp=16", "nhid=32", "nlayers=2"),
        ("long", "float"),
    ),
    "word_language_transformer": TorchCase(
        "07_word_language_transformer.py",
        "TransformerModel",
        "pytorch/examples: word_language_model/model.py",
        ((6, 3),),
        ("ntoken=40", "ninp=16", "nhead=2", "nhid=32", "nlayers=2"),
        ("long",),
    ),
    "pytorch_fun_rnn_model": TorchCase(
        "08_pytorch_fun_rnn_model.py",
        "RNNModel",
        "Yugnaynehc/pytorch-fun: word_language_model/model.py",
        ((7, 2), (2, 2, 24)),
        ("rnn_type=RNN", "ntoken=30", "ninp=12", "nhid=24", "nlayers=2"),
        ("long", "float"),
    ),
    "tutorial_lstm_tagger": TorchCase(
        "09_tutorial_lstm_tagger.py",
        "LSTMTagger",
        "pytorch/tutorials: beginner_source/nlp/sequence_models_tutorial.py",
        ((5,),),
        ("embedding_dim=6", "hidden_dim=6", "vocab_size=9", "tagset_size=3"),
        ("long",),
    ),
    "tutorial_bilstm_crf": TorchCase(
        "10_tutorial_bilstm_crf.py",
        "BiLSTM_CRF",
        "pytorch/tutorials: beginner_source/nlp/advanced_tutorial.py",
        ((11,),),
        ("len(word_to_ix)=17",),
        ("long",),
    ),
    "mpi_lstm_classifier": TorchCase(
        "11_mpi_lstm_classifier.py",
        "LSTMClassifier",
        "li624342713/MPI: model/LSTM.py",
        ((4, 20),),
        ("vocab_size=1000",),
        ("long",),
    ),
    "label_lstm_squeeze": TorchCase(
        "12_label_lstm_squeeze.py",
        "LabelLSTM",
        "marcus800/Money-Talks-Can-Transformers-Listen: LLMSuite/evaluation/LSTM.py",
        ((4, 10, 12),),
        ("input_size=12", "hidden_size=32", "num_classes=3"),
    ),
    "lstm_network_ht_last": TorchCase(
        "13_lstm_network_ht_last.py",
        "LSTM_Network",
        "Qlanowski/lstm: networks/lstm.py",
        ((4, 9, 50),),
        ("embedding_dim=50", "hidden_dim=64", "classes=5"),
    ),
    "char_model_single_feature": TorchCase(
        "14_char_model_single_feature.py",
        "CharModel",
        "K1t1k/seq2seq: src/models/rnn.py",
        ((4, 100, 1),),
        ("n_vocab=60",),
    ),
    "char_rnn_log_softmax": TorchCase(
        "15_char_rnn_log_softmax.py",
        "CharRNN",
        "seafoodfry/ml-workspace: gpu-sandbox/neuro/intro-rnns/model_simple.py",
        ((8, 2, 57),),
        ("input_size=57", "hidden_size=128", "output_size=18"),
    ),
    "gru_net_with_state": TorchCase(
        "16_gru_net_with_state.py",
        "GRUNet",
        "yizhoucc/active_learning_irl: nets/rnn.py",
        ((4, 10, 6), (2, 4, 32)),
        ("input_size=6", "hidden_size=32", "num_layers=2", "output_size=2"),
    ),
    "rul_gru_kwargs": TorchCase(
        "17_rul_gru_kwargs.py",
        "GRU",
        "ZRui2001/RUL_multi_task: models/GRU.py",
        ((8, 30, 14),),
        ("input_size=14", "hidden_size=64", "output_size=1", "num_layers=2", "dropout=0.2"),
    ),
    "deepfake_gru_conditional_dropout": TorchCase(
        "18_deepfake_gru_conditional_dropout.py",
        "GRU",
        "RaffyAldiny/EfficientB0-GAT-GRU-in-Deepfake-Detection: models/gru.py",
        ((2, 16, 1280),),
        ("input_size=1280", "hidden_size=256", "num_layers=2"),
    ),
    "args_namespace_lstm": TorchCase(
        "19_args_namespace_lstm.py",
        "LSTM",
        "BigaGrayWolf/advancedNetworkAssignment: model/models.py",
        ((4, 10, 8),),
        ("args.INPUT_SIZE=8", "args.HIDDEN_SIZE=32", "args.LAYER_NUM=2"),
    ),
    "config_object_lstm": TorchCase(
        "20_config_object_lstm.py",
        "LSTM",
        "T1h0can/power_predict: models/LSTM.py",
        ((12, 4, 5),),
        (
            "config.num_inputs=5",
            "config.num_hidden=40",
            "config.num_layers=2",
            "config.num_dropout=0.1",
            "config.num_outputs=1",
        ),
    ),
    "config_dict_attention": TorchCase(
        "21_config_dict_attention.py",
        "AttentionModel",
        "bjornbuijing/examen: src/models/attention.py",
        ((4, 12),),
        (
            "config['vocab']=100",
            "config['hidden_size']=32",
            "config['dropout']=0.1",
            "config['num_layers']=2",
            "config['output_size']=3",
        ),
        ("long",),
    ),
    "multihead_attention_wrapper": TorchCase(
        "22_multihead_attention_wrapper.py",
        "MultiHeadAttention",
        "gowthamr-tech/nanoGPT: src/models/attention.py",
        ((2, 10, 64),),
        ("embed_dim=64", "num_heads=4", "dropout=0.1"),
    ),
    "cnn_lstm_batchnorm": TorchCase(
        "23_cnn_lstm_batchnorm.py",
        "CNNLSTMClassifier",
        "4YCX/Decode4Action-Intent: V2/model.py",
        ((4, 8, 64),),
        ("num_channels=8", "num_classes=4"),
    ),
    "cnn_lstm_permute_twice": TorchCase(
        "24_cnn_lstm_permute_twice.py",
        "CNNLSTM",
        "trish2023/Brain-Controlled-Wheelchair: real_time_system/cnn_lstm_model.py",
        ((4, 50, 8),),
        ("input_size=8", "hidden_size=64", "num_classes=3"),
    ),
    "ts_transformer_last_step": TorchCase(
        "25_ts_transformer_last_step.py",
        "TimeSeriesTransformer",
        "navinjoker/Finance: Finance/models/transformer.py",
        ((10, 4, 5),),
        ("input_size=5",),
    ),
    "ts_transformer_permuted": TorchCase(
        "26_ts_transformer_permuted.py",
        "TimeSeriesTransformer",
        "abhaskumarrr/SMOOPs_dev: ml/backend/src/models/transformer.py",
        ((4, 24, 7),),
        ("input_size=7",),
    ),
    "ts_transformer_kept_layer": TorchCase(
        "27_ts_transformer_kept_layer.py",
        "TimeSeriesTransformer",
        "chenfrigate/time-series-transformer: models/transformer.py",
        ((20, 4, 32),),
        ("input_dim=8", "model_dim=32", "num_heads=4", "num_layers=2"),
    ),
    "full_transformer_stock": TorchCase(
        "28_full_transformer_stock.py",
        "TimeSeriesTransformer",
        "cl4y70n/DeepStock_Project: src/models/transformer_model.py",
        ((10, 4, 6),),
        ("input_size=6", "d_model=32", "nhead=4", "num_layers=2"),
    ),
    "seq2seq_tutorial_encoder": TorchCase(
        "29_seq2seq_tutorial_encoder.py",
        "EncoderRNN",
        "karlschwarz/summer_2019: neural_machine_translation/models/encoder.py",
        ((1,), (1, 1, 16)),
        ("input_size=30", "hidden_size=16"),
        ("long", "float"),
    ),
    "seq2seq_composed": TorchCase(
        "30_seq2seq_composed.py",
        "Seq2Seq",
        "HyperRushNet/pyrender: model/Seq2Seq.py",
        ((7, 3), (5, 3)),
        dtypes=("long", "long"),
    ),
    "ner_tagger_batch_first": TorchCase(
        "31_ner_tagger_batch_first.py",
        "LstmTagger",
        "ABravoCode/NER_Tagger: codes/lstm.py",
        ((4, 15),),
        ("embedding_dim=50", "hidden_dim=64", "vocab_size=800", "tagset_size=9", "batch_size=4"),
        ("long",),
    ),
    "pos_tagger_layers": TorchCase(
        "32_pos_tagger_layers.py",
        "LSTMTagger",
        "chnaveenin/neural-pos-tagger: LSTM_POS.py",
        ((9,),),
        ("vocab_size=500", "tagset_size=17", "num_layers=2"),
        ("long",),
    ),
    "pyseg_tagger_state": TorchCase(
        "33_pyseg_tagger_state.py",
        "LSTMTagger",
        "KylinC/PySeg: pyseg/LSTMmodel.py",
        ((9,),),
        ("embedding_dim=32", "hidden_dim=16", "vocab_size=300", "tagset_size=4"),
        ("long",),
    ),
    "openie_bilstm_bert_features": TorchCase(
        "34_openie_bilstm_bert_features.py",
        "BiLSTM",
        "AntNLP/OpenIE: Sequence-Labeling/src/module/bilstm.py",
        ((2, 20, 768),),
        ("hidden_dim=256", "tagset_size=9"),
    ),
    "bilstm_attention_module": TorchCase(
        "35_bilstm_attention_module.py",
        "LSTMClassifier",
        "Marius-Suteu/Suteu-Marius-Master-IA-An1-NLP: ProiectFinal_NLP/model_lstm.py",
        ((4, 25),),
        ("vocab_size=2000",),
        ("long",),
    ),
    "text_lstm_attention_pooling": TorchCase(
        "36_text_lstm_attention_pooling.py",
        "TextLSTM",
        "araju6/Multimodal-Sentiment-Analysis: TextAnalysis.py",
        ((4, 30, 20),),
    ),
    "lstm_autoencoder_repeat": TorchCase(
        "37_lstm_autoencoder_repeat.py",
        "LSTMAutoencoder",
        "nicolascortegoso/telemetry_service: src/core/models/model.py",
        ((4, 20, 4),),
        ("input_dim=4", "hidden_dim=32", "num_layers=2"),
    ),
    "lstm_autoencoder_permute": TorchCase(
        "38_lstm_autoencoder_permute.py",
        "LSTMAutoencoder",
        "harshith0923/IOT-healthcare-anomaly-app: iot-healthcare-anomaly-app/models/lstm_autoencoder.py",
        ((4, 30, 6),),
        ("input_dim=6",),
    ),
    "lstm_autoencoder_proj_size": TorchCase(
        "39_lstm_autoencoder_proj_size.py",
        "LSTM_AE",
        "hugoschnoering2/forcasttention: models/lstm/lstm.py",
        ((15, 4, 3),),
        ("input_dim=3", "hidden_dim=16", "num_layers=2"),
    ),
    "sentiment_parent_class": TorchCase(
        "40_sentiment_parent_class.py",
        "LSTMModel",
        "ChonSong/discovery-Project-Sentiment-Analysis: models/lstm.py, models/base.py",
        ((4, 16),),
        ("vocab_size=5000", "embed_dim=64", "hidden_dim=96", "num_classes=2"),
        ("long",),
    ),
    "cnn1d_adaptive_pool": TorchCase(
        "41_cnn1d_adaptive_pool.py",
        "CNN1D",
        "AceAryan/SRIP26-AI_for_Health: models/cnn_model.py",
        ((4, 1, 128),),
        ("num_classes=5",),
    ),
    "frozen_pretrained_embedding": TorchCase(
        "42_frozen_pretrained_embedding.py",
        "LSTM_Net",
        "yuehchou/Machine-Learning-2020: hw4/training/template_model.py",
        ((4, 20),),
        dtypes=("long",),
    ),
    "additive_attention_parameter": TorchCase(
        "43_additive_attention_parameter.py",
        "Attention",
        "gabinho991/CS598: model/attention.py",
        ((4, 16), (7, 4, 32)),
        ("hidden_size=16",),
    ),
    "attention_pooling_sequential": TorchCase(
        "44_attention_pooling_sequential.py",
        "Attention",
        "IHateReptiloids/kws_hw: src/models/attention.py",
        ((4, 50, 64),),
        ("hidden_size=64",),
    ),
    "time_sequence_lstm_cells": TorchCase(
        "45_time_sequence_lstm_cells.py",
        "Sequence",
        "pytorch/examples: time_sequence_prediction/train.py",
        ((3, 20),),
        dtypes=("double",),
    ),
    "hydro_lstm_cells_flatten": TorchCase(
        "46_hydro_lstm_cells_flatten.py",
        "LSTM",
        "BorMagnus/hydro-ml: models/LSTM.py",
        ((4, 24),),
        ("in_dim=1", "hidden_dim=32", "out_dim=1", "sequence_length=24"),
    ),
    "neuromatch_bilstm_randn_state": TorchCase(
        "47_neuromatch_bilstm_randn_state.py",
        "biLSTM",
        "NeuromatchAcademy/course-content-dl: "
        "tutorials/tutorials/W2D3_ModernRecurrentNeuralNetworks/solutions/W2D3_Tutorial2_Solution_f98cf0cd.py",
        ((4, 12),),
        dtypes=("long",),
    ),
    "wifi_bilstm_encoder": TorchCase(
        "48_wifi_bilstm_encoder.py",
        "BiLSTMEncoder",
        "erlnup/WiFi-Sensing-: BiLSTM_encoder.py",
        ((4, 40, 30),),
        ("input_size=30", "hidden_size=64", "num_layers=2"),
    ),
    "distillation_bilstm_steps": TorchCase(
        "49_distillation_bilstm_steps.py",
        "biLSTM",
        "HoyTta0/KnowledgeDistillation: models/biLSTM.py",
        ((2, 32, 300),),
    ),
    "ibm_encoder_rnn_cell_by_name": TorchCase(
        "50_ibm_encoder_rnn_cell_by_name.py",
        "EncoderRNN",
        "IBM/pytorch-seq2seq: seq2seq/models/baseRNN.py, seq2seq/models/EncoderRNN.py",
        ((4, 30),),
        ("vocab_size=200", "max_len=30", "hidden_size=64", "n_layers=2", "bidirectional=True", "rnn_cell=lstm"),
        ("long",),
    ),
    # Built by module-level code (enc, dec, then Seq2Seq(enc, dec, device)); teacher forcing picks
    # either of two tensors of one shape.
    "bentrevett_seq2seq_teacher_forcing": TorchCase(
        "51_bentrevett_seq2seq_teacher_forcing.py",
        "Seq2Seq",
        "bentrevett/pytorch-seq2seq: 1 - Sequence to Sequence Learning with Neural Networks.ipynb",
        ((7, 4), (6, 4)),
        dtypes=("long", "long"),
    ),
    "gru_attention_translator": TorchCase(
        "52_gru_attention_translator.py",
        "Seq2Seq",
        "Thasinkhan1/Language_Translation: project_root/model/layers.py, project_root/model/transformer.py",
        ((4, 7), (4, 6)),
        dtypes=("long", "long"),
    ),
    "locuslab_tcn_adding_problem": TorchCase(
        "53_locuslab_tcn_adding_problem.py",
        "TCN",
        "locuslab/TCN: TCN/tcn.py, TCN/adding_problem/model.py",
        ((4, 2, 30),),
        ("input_size=2", "output_size=1", "num_channels=[8, 8, 8]", "kernel_size=3", "dropout=0.0"),
    ),
    # torch 2.13 has F.scaled_dot_product_attention: self.flash is given as hasattr finds it.
    "nanogpt_flash_attention": TorchCase(
        "54_nanogpt_flash_attention.py",
        "GPT",
        "karpathy/nanoGPT: model.py",
        ((2, 10),),
        ("self.flash=True",),
        ("long",),
    ),
    "kim_textcnn_conv2d": TorchCase(
        "55_kim_textcnn_conv2d.py",
        "CNN_Text",
        "Shawn1993/cnn-text-classification-pytorch: model.py",
        ((4, 25),),
        (
            "args.embed_num=200",
            "args.embed_dim=32",
            "args.class_num=5",
            "args.kernel_num=10",
            "args.kernel_sizes=[3, 4, 5]",
            "args.dropout=0.5",
            "self.args.static=False",
        ),
        ("long",),
    ),
    "nlp_tutorial_textcnn_maxpool2d": TorchCase(
        "56_nlp_tutorial_textcnn_maxpool2d.py",
        "TextCNN",
        "liuzh00/textcnn_py: textcnn.py (TextCNN)",
        ((6, 3),),
        ("vocab_size=16",),
        ("long",),
    ),
    "lstnet_conv2d_skip_gru": TorchCase(
        "57_lstnet_conv2d_skip_gru.py",
        "Model",
        "laiguokun/LSTNet: models/LSTNet.py",
        ((3, 24, 8),),
        (
            "args.cuda=False",
            "args.window=24",
            "data.m=8",
            "args.hidRNN=16",
            "args.hidCNN=10",
            "args.hidSkip=5",
            "args.CNN_kernel=6",
            "args.skip=6",
            "args.highway_window=4",
            "args.dropout=0.2",
            "args.output_fun=sigmoid",
        ),
    ),
    "bidaf_char_cnn_highway": TorchCase(
        "58_bidaf_char_cnn_highway.py",
        "BiDAFEmbedding",
        "galsang/BiDAF-pytorch: model/model.py (BiDAF) and utils/nn.py",
        ((2, 7, 8), (2, 7)),
        (),
        ("long", "long"),
    ),
    # PyTorch Lightning modules: a LightningModule is an nn.Module; its steps are never called by forward.
    "lightning_lstm_single_step": TorchCase(
        "59_lightning_lstm_single_step.py",
        "LightningLSTM",
        "prontoSoCorso/cellPIV: networksTemporalSeries/LightningLSTM.py",
        ((4,),),
    ),
    "lightning_gru_regressor_dict_hparams": TorchCase(
        "60_lightning_gru_regressor_dict_hparams.py",
        "GRU",
        "solalbaudoincs/dronecontrol: src/dronecontrol/models/gru_module.py",
        ((4, 1),),
        ("hidden_dim=16", "num_layers=2"),
    ),
}
